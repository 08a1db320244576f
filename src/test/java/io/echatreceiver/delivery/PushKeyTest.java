package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.internal.DeferredList;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A push's key is its {@code companyId} as written, else the account's name, with its type and
 * {@code msgId}; taking it does not read an offline push's element tree.
 */
class PushKeyTest {

  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS, field -> {});

  private static Push parse(PushType type, String document) throws Exception {
    return PARSER.parse(type, document.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void isTheCompanyTypeAndMsgIdOfAnOfflinePush() throws Exception {
    Push push = parse(PushType.MSG_REPLY, Samples.msgReply());

    PushKey key = PushKey.of(push, "account");

    assertEquals(new PushKey("60", PushType.MSG_REPLY, push.msgId()), key);
    assertFalse(((DeferredList<?>) push.xml().children()).isMade());
  }

  @Test
  void keepsTheCompanyIdAsWrittenStripped() throws Exception {
    Push push =
        parse(PushType.MSG_SEND, "<xml><msgId>5</msgId><companyId> 0123 </companyId></xml>");

    assertEquals("0123:" + PushType.MSG_SEND + ":5", PushKey.of(push, "account").toString());
  }

  @Test
  void isTheAccountsWhereTheDocumentNamesNoCompany() throws Exception {
    Push push =
        parse(PushType.of("chatEnd"), "<xml><msgId>4</msgId><companyId> </companyId></xml>");

    assertEquals(new PushKey("account", PushType.of("chatEnd"), 4), PushKey.of(push, "account"));
  }

  @Test
  void namesTheDeliveryToOneHandler() {
    PushKey key = new PushKey("60", PushType.MSG_REPLY, 9);

    assertEquals("60:" + PushType.MSG_REPLY + ":9:mail", key.idempotencyKey("mail"));
  }
}
