package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.Refusal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receiver reads Echat's parameters from a query string or a form body: each decoded, each at
 * most once; any other parameter is passed over, unless it cannot be decoded.
 */
class QueryParametersTest {

  @Test
  void readsEachParameterEchatSendsDecoded() throws Exception {
    QueryParameters query =
        QueryParameters.parse(
            "dataType=staffPush&msgType=msgReply&companyId=60&timestamp=1500000000"
                + "&nonce=a%2Bb+c&signature=f00&echostr=x");

    assertEquals(Optional.of("staffPush"), query.get("dataType"));
    assertEquals(Optional.of("msgReply"), query.get("msgType"));
    assertEquals(Optional.of("60"), query.get("companyId"));
    assertEquals("1500000000", query.orNull("timestamp"));
    assertEquals("a+b c", query.orNull("nonce"));
    assertEquals("f00", query.orNull("signature"));
    assertEquals(Optional.of("x"), query.echo());
  }

  @Test
  void readsANameSpelledWithEscapes() throws Exception {
    assertEquals(Optional.of("60"), QueryParameters.parse("company%49d=60").get("companyId"));
  }

  @Test
  void passesOverParametersEchatDoesNotSendEvenTwice() throws Exception {
    QueryParameters query = QueryParameters.parse("a=1&a=2&dataType=checkUrl&b&=c&&x+y=%20");

    assertEquals(Optional.of("checkUrl"), query.get("dataType"));
    assertEquals(Optional.empty(), query.get("msgType"));
    assertNull(query.orNull("nonce"));
  }

  @Test
  void anEmptyValueIsThereForOrNullAndAbsentForGet() throws Exception {
    QueryParameters query = QueryParameters.parse("nonce=&msgType");

    assertEquals("", query.orNull("nonce"));
    assertEquals(Optional.empty(), query.get("nonce"));
    assertEquals(Optional.empty(), query.get("msgType"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nonce=1&nonce=2",
        "nonce=&nonce=",
        "nonce=1&non%63e=2",
        "echostr=1&echostr=1",
        "signature&signature=x"
      })
  void refusesAParameterOfEchatsGivenTwice(String text) {
    Refused refused = assertThrows(Refused.class, () -> QueryParameters.parse(text));

    assertEquals(Refusal.Reason.DUPLICATE_PARAMETER, refused.reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"nonce=%zz", "other=%zz", "%zz=1", "other=%4", "dataType=a&x=%"})
  void refusesAQueryThatCannotBeDecodedWhicheverParameterItIs(String text) {
    Refused refused = assertThrows(Refused.class, () -> QueryParameters.parse(text));

    assertEquals(Refusal.Reason.MALFORMED_QUERY, refused.reason());
  }

  @Test
  void keepsAPlusOfTheEchoInAQueryAndReadsItAsASpaceInAForm() throws Exception {
    assertEquals(Optional.of("a+b"), QueryParameters.parse("echostr=a+b").echo());
    assertEquals(Optional.of("a b"), QueryParameters.parseForm("echostr=a+b").echo());
    assertEquals(Optional.of("second"), QueryParameters.parse("echostr=&echoStr=second").echo());
  }

  @Test
  void aNameEchatDoesNotSendIsNoParameterToAskFor() throws Exception {
    QueryParameters query = QueryParameters.parse("other=1");

    assertThrows(IllegalArgumentException.class, () -> query.orNull("other"));
  }
}
