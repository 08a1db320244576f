package io.echatreceiver.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The staff member who wrote a staff push.
 *
 * @param name the staff member's name ({@code staffName}); empty when Echat sent none
 * @param nickName the name shown to visitors ({@code staffNickName})
 * @param logName the staff member's login name ({@code staffLogName})
 * @param photo the address of the staff member's picture ({@code staffPhoto}, chat messages)
 */
public record Staff(
    String name, Optional<String> nickName, Optional<String> logName, Optional<String> photo) {

  public Staff {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nickName, "nickName");
    Objects.requireNonNull(logName, "logName");
    Objects.requireNonNull(photo, "photo");
  }
}
