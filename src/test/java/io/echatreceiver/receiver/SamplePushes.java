package io.echatreceiver.receiver;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;

/** The spec's msgReply sample as many distinct pushes, for tests that send a stream of them. */
final class SamplePushes {

  private SamplePushes() {}

  /**
   * The msgReply sample with this msgId, and a time that follows from it, signed with the token:
   * each msgId is a push of its own, never a duplicate of another.
   */
  static EchatRequest msgReply(long msgId, String token) {
    return EchatRequests.push(
            PushType.MSG_REPLY,
            Samples.withIdentity(Samples.msgReply(), msgId, 1_700_000_000_000L + msgId))
        .token(token)
        .build();
  }
}
