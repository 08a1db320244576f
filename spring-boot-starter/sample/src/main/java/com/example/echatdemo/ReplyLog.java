package com.example.echatdemo;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A handler bean: the receiver gives it every push, durably stored first, and retries it when it
 * throws. A real one would send the reply on, idempotent by {@link Delivery#idempotencyKey()}.
 */
@Component
public class ReplyLog implements PushHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyLog.class);

  @Override
  public void handle(Push push, Delivery delivery) {
    if (push instanceof MsgReply reply) {
      LOG.info(
          "Reply {} to visitor {}, attempt {}", reply.msgId(), reply.visitor(), delivery.attempt());
    } else {
      LOG.info("{} push, attempt {}", push.getClass().getSimpleName(), delivery.attempt());
    }
  }
}
