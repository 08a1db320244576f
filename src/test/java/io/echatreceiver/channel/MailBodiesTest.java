package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.channel.MailSettings.Section;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The built-in mail bodies are resources with sections that show only when their field has a value;
 * a broken or missing resource stops the start, naming it.
 */
class MailBodiesTest {

  private static final Function<String, MailTemplate> PARSE =
      text -> MailTemplate.builtIn("body", text);

  @Test
  void everyMessageKindHasAnHtmlAndAPlainBody() {
    for (String msgType : MailSettings.MSG_TYPES) {
      for (boolean html : new boolean[] {true, false}) {
        List<Section> body = MailBodies.read(msgType, html, PARSE);
        assertEquals(Optional.empty(), body.get(0).shownIf(), msgType + " html=" + html);
      }
    }
  }

  @Test
  void aSectionLineOpensAndClosesWhatShowsOnlyWithItsField() {
    List<Section> body =
        MailBodies.sections(
            "mail-test.txt",
            "Hello ${uid}\n{{#viewUrl}}\nsee ${viewUrl}\n{{/viewUrl}}\nbye\n",
            PARSE);

    assertEquals(
        List.of(Optional.empty(), Optional.of("viewUrl"), Optional.empty()),
        body.stream().map(Section::shownIf).toList());
    Map<String, String> fields = Map.of("uid", "u1", "viewUrl", "https://x");
    assertEquals(
        List.of("Hello u1\n", "see https://x\n", "bye\n"),
        body.stream().map(section -> section.template().render(fields, text -> text)).toList());
  }

  @Test
  void aMissingResourceIsNamed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> MailBodies.load("mail-nothing.html"));
    assertEquals(
        "The mail body resource io/echatreceiver/channel/mail-nothing.html is missing "
            + "from the receiver's jar",
        e.getMessage());
  }

  @Test
  void aSectionNeverClosedIsNamedWithItsResource() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> MailBodies.sections("mail-test.txt", "{{#viewUrl}}\n${viewUrl}\n", PARSE));
    assertEquals(
        "The mail body resource io/echatreceiver/channel/mail-test.txt never closes "
            + "{{#viewUrl}}",
        e.getMessage());
  }

  @Test
  void aSectionClosedUnderAnotherNameIsNamedWithItsResource() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> MailBodies.sections("mail-test.txt", "{{#viewUrl}}\nx\n{{/content}}\n", PARSE));
    assertEquals(
        "The mail body resource io/echatreceiver/channel/mail-test.txt closes "
            + "{{/content}} where none is open",
        e.getMessage());
  }
}
