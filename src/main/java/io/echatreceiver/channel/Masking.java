package io.echatreceiver.channel;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Masks personal data for logs and the operator console: enough is left to tell records apart, not
 * to reach a person.
 */
public final class Masking {

  /** One plain address: no group, list, display name or comment around it. */
  private static final Pattern SINGLE_ADDRESS =
      Pattern.compile("[^\\s@,;:<>()\"]+@[^\\s@,;:<>()\"]+");

  private Masking() {}

  /**
   * Masks an email address: {@code allen@echatsoft.com} becomes {@code a***@echatsoft.com}.
   *
   * @param email the address, if there is one
   * @return the masked address, or {@code -} if there is none
   */
  public static String email(Optional<String> email) {
    return email
        .map(
            address -> {
              int at = address.indexOf('@');
              // Anything but one plain address (a group, a list, a display name) is masked whole:
              // its
              // other addresses would otherwise be printed as they are.
              return at <= 0 || !SINGLE_ADDRESS.matcher(address).matches()
                  ? "***"
                  : address.charAt(0) + "***" + address.substring(at);
            })
        .orElse("-");
  }

  /**
   * Masks a phone number: {@code 18098922786} becomes {@code 180****2786}.
   *
   * @param mobile the number, if there is one
   * @return the masked number, or {@code -} if there is none
   */
  public static String mobile(Optional<String> mobile) {
    return mobile
        .map(
            number ->
                number.length() < 7
                    ? "***"
                    : number.substring(0, 3) + "****" + number.substring(number.length() - 4))
        .orElse("-");
  }

  /**
   * Hides a text but its length: {@code 客服回复的内容} becomes {@code <7 chars>}.
   *
   * @param text a message text or any other free text
   * @return its length in characters, or {@code -} if it is empty
   */
  public static String text(String text) {
    return text.isEmpty() ? "-" : "<" + text.codePointCount(0, text.length()) + " chars>";
  }
}
