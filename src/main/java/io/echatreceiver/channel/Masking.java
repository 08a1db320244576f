package io.echatreceiver.channel;

import java.util.Optional;

/** Masks personal data for logs: enough is left to tell records apart, not to reach a person. */
final class Masking {

  private Masking() {}

  /** {@code allen@echatsoft.com} becomes {@code a***@echatsoft.com}. */
  static String email(Optional<String> email) {
    return email.map(address -> {
      int at = address.indexOf('@');
      return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }).orElse("-");
  }

  /** {@code 18098922786} becomes {@code 180****2786}. */
  static String mobile(Optional<String> mobile) {
    return mobile.map(number -> number.length() < 7
        ? "***"
        : number.substring(0, 3) + "****" + number.substring(number.length() - 4)).orElse("-");
  }

  /** A message text: only its length. */
  static String text(String text) {
    return text.isEmpty() ? "-" : "<" + text.codePointCount(0, text.length()) + " chars>";
  }
}
