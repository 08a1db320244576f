package io.echatreceiver.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The conversation a staff push belongs to.
 *
 * @param talkId the conversation's id ({@code talkId})
 * @param echatTag the routing tag the conversation came in with ({@code echatTag})
 * @param routeName the name of the conversation's route ({@code routeName})
 * @param departmentName the staff group that handled it ({@code chatDepartmentName})
 * @param chatChannel the channel the visitor wrote through ({@code chatChannel}, such as {@code
 *     webpc} or {@code mobile}); a reply goes there by default
 */
public record Conversation(
    Optional<String> talkId,
    Optional<String> echatTag,
    Optional<String> routeName,
    Optional<String> departmentName,
    Optional<String> chatChannel) {

  public Conversation {
    Objects.requireNonNull(talkId, "talkId");
    Objects.requireNonNull(echatTag, "echatTag");
    Objects.requireNonNull(routeName, "routeName");
    Objects.requireNonNull(departmentName, "departmentName");
    Objects.requireNonNull(chatChannel, "chatChannel");
  }
}
