package io.echatreceiver.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link io.echatreceiver.PushHandler} bean's handler, or binds it to some pushes only.
 * Without it, a handler bean receives every push and is named after its bean. The properties
 * {@code echat.handlers.NAME.*} take precedence over it, key by key.
 *
 * <pre>{@code
 * @Component
 * @EchatHandler(on = "staffPush/msgReply", replyChannel = "sms")
 * class SmsReplies implements PushHandler {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each attribute is the handler setting of the same name; an empty one binds nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EchatHandler {

  /**
   * The handler's name in logs, meters, deliveries and the durable inbox: letters, digits,
   * {@code _} and {@code -}; the bean's name if empty. Keep it once pushes are stored: a pending
   * delivery is for a handler of that name.
   */
  String name() default "";

  /**
   * The push types, such as {@code staffPush/msgReply}, or a dataType alone, such as
   * {@code staffPush}; every push if empty.
   */
  String[] on() default {};

  /**
   * The reply channels ({@code replyChannel} of msgReply), such as {@code sms} or
   * {@code email}.
   */
  String[] replyChannel() default {};

  /** The visitor types ({@code visitorType}) bound to. */
  String[] visitorType() default {};

  /** The chat channels ({@code chatChannel} of chatSend) bound to. */
  String[] chatChannel() default {};

  /**
   * Durable delivery: how many of this handler's deliveries may run at once on this node;
   * {@code 0} leaves the receiver's default.
   */
  int concurrency() default 0;
}
