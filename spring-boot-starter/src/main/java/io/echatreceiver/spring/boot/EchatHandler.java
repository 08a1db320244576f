package io.echatreceiver.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link io.echatreceiver.PushHandler} bean, names its handler or binds it to some pushes
 * only; on a method of any bean, makes that method a handler. Without it, a handler bean receives
 * every push and is named after its bean. The properties {@code echat.handlers.NAME.*} take
 * precedence over it, key by key.
 *
 * <pre>{@code
 * @Component
 * @EchatHandler(on = "staffPush/msgReply", replyChannel = "sms")
 * class SmsReplies implements PushHandler {
 *   ...
 * }
 * }</pre>
 *
 * <p>A method handler takes one push, as {@link io.echatreceiver.model.MsgReply}, {@link
 * io.echatreceiver.model.MsgSend}, {@link io.echatreceiver.model.ChatSend} (each bound to its
 * type), {@link io.echatreceiver.model.StaffPush} (bound to {@code staffPush}) or {@link
 * io.echatreceiver.model.Push} (bound by {@code on}, else to every push), and optionally the {@link
 * io.echatreceiver.Delivery}. It is named {@code BEAN-METHOD} unless named here. Returning is done;
 * throwing has Echat send the push again (inline) or schedules a retry (durable). It is called on
 * the bean as Spring made it, so {@code @Transactional} applies.
 *
 * <pre>{@code
 * @Component
 * class Replies {
 *   @EchatHandler
 *   void onReply(MsgReply reply, Delivery delivery) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Each attribute is the handler setting of the same name; an empty one binds nothing.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EchatHandler {

  /**
   * The handler's name in logs, meters, deliveries and the durable inbox: letters, digits, {@code
   * _} and {@code -}; if empty, the bean's name, or {@code BEAN-METHOD} on a method. Keep it once
   * pushes are stored: a pending delivery is for a handler of that name.
   */
  String name() default "";

  /**
   * The push types, such as {@code staffPush/msgReply}, or a dataType alone, such as {@code
   * staffPush}; if empty, every push, or on a method the type its parameter takes.
   */
  String[] on() default {};

  /**
   * The reply channels ({@code replyChannel} of msgReply), such as {@code sms} or {@code email}.
   */
  String[] replyChannel() default {};

  /** The visitor types ({@code visitorType}) bound to. */
  String[] visitorType() default {};

  /** The chat channels ({@code chatChannel} of chatSend) bound to. */
  String[] chatChannel() default {};

  /**
   * Durable delivery: how many of this handler's deliveries may run at once on this node; {@code 0}
   * leaves the receiver's default.
   */
  int concurrency() default 0;
}
