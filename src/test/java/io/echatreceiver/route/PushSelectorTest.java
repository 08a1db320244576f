package io.echatreceiver.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushSelectorTest {

  @Test
  void starSelectsEverything() {
    assertTrue(PushSelector.parse("*").matches(PushType.MSG_REPLY));
    assertTrue(PushSelector.parse("*").matches(PushType.of("chatStart")));
  }

  @Test
  void dataTypeAloneSelectsEveryMsgTypeOfIt() {
    PushSelector staff = PushSelector.parse("staffPush");

    assertTrue(staff.matches(PushType.MSG_SEND));
    assertTrue(staff.matches(PushType.staffPush("msgRead")));
    assertFalse(staff.matches(PushType.of("chatStart")));
    assertTrue(PushSelector.parse("staffPush/*").matches(PushType.CHAT_SEND));
  }

  @Test
  void dataTypeAndMsgTypeSelectExactly() {
    PushSelector replies = PushSelector.parse(" staffPush/msgReply ");

    assertTrue(replies.matches(PushType.MSG_REPLY));
    assertFalse(replies.matches(PushType.MSG_SEND));
    assertFalse(replies.matches(PushType.of("staffPush")));
    assertEquals("staffPush/msgReply", replies.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/msgReply", "a/b/c", "staffPush/", "*/msgReply"})
  void refusesWhatIsNotASelector(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PushSelector.parse(text));

    assertEquals("'" + text + "' is not '*', 'dataType' or 'dataType/msgType'", e.getMessage());
  }
}
