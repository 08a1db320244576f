package io.echatreceiver.spring.boot;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A bean's {@link EchatHandler} method as a handler: it is given the push, cast to the type its
 * parameter takes, and the delivery if it takes one.
 */
final class MethodHandler implements PushHandler {

  /** The push types a method may take, and the pushes each is bound to. */
  private static final Map<Class<?>, String> BINDINGS =
      Map.of(
          MsgReply.class, PushType.MSG_REPLY.toString(),
          MsgSend.class, PushType.MSG_SEND.toString(),
          ChatSend.class, PushType.CHAT_SEND.toString(),
          StaffPush.class, PushType.STAFF_PUSH);

  private final Object bean;
  private final Method method;
  private final EchatHandler annotation;
  private final Class<?> pushType;
  private final int pushIndex;
  private final String description;

  private MethodHandler(
      Object bean,
      Method method,
      EchatHandler annotation,
      Class<?> pushType,
      int pushIndex,
      String description) {
    this.bean = bean;
    this.method = method;
    this.annotation = annotation;
    this.pushType = pushType;
    this.pushIndex = pushIndex;
    this.description = description;
  }

  /**
   * The handler of this method of this bean.
   *
   * @param method the annotated method, as declared by the bean's class
   * @param annotation its annotation, merged
   * @param description how messages name it: {@code method 'Replies.onReply' of bean 'replies'}
   * @throws InvalidEchatPropertyException if its parameters are not one push and at most one
   *     delivery
   */
  static MethodHandler of(Object bean, Method method, EchatHandler annotation, String description) {
    Class<?>[] parameters = method.getParameterTypes();
    int pushIndex = -1;
    int pushes = 0;
    int deliveries = 0;
    for (int i = 0; i < parameters.length; i++) {
      if (Push.class.isAssignableFrom(parameters[i])) {
        pushIndex = i;
        pushes++;
      } else if (parameters[i] == Delivery.class) {
        deliveries++;
      } else {
        pushes = -1;
        break;
      }
    }
    if (pushes != 1
        || deliveries > 1
        || (parameters[pushIndex] != Push.class && !BINDINGS.containsKey(parameters[pushIndex]))) {
      throw new InvalidEchatPropertyException(
          "@EchatHandler "
              + description
              + ": a handler "
              + "method takes one push (MsgReply, MsgSend, ChatSend, StaffPush or Push) and, "
              + "optionally, the Delivery; it takes "
              + Arrays.stream(parameters).map(Class::getSimpleName).toList());
    }
    // The method of the bean as Spring made it, a proxy for @Transactional, say.
    Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    return new MethodHandler(
        bean, invocable, annotation, parameters[pushIndex], pushIndex, description);
  }

  /** The pushes its parameter takes, as {@code on} names them; empty for {@link Push}. */
  Optional<String> binding() {
    return Optional.ofNullable(BINDINGS.get(pushType));
  }

  /** Its annotation, which binds it as a handler bean's binds the bean. */
  EchatHandler annotation() {
    return annotation;
  }

  /** How messages name the method. */
  String description() {
    return description;
  }

  /** The name of the push type its parameter takes, for messages. */
  String pushTypeName() {
    return pushType.getSimpleName();
  }

  @Override
  public void handle(Push push, Delivery delivery) throws Exception {
    if (!pushType.isInstance(push)) {
      // The start checks that its binding admits its type only; never reached.
      throw new IllegalStateException(
          description
              + " takes "
              + pushType.getSimpleName()
              + ", not "
              + push.getClass().getSimpleName());
    }
    Object[] arguments = new Object[method.getParameterCount()];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = i == pushIndex ? push : delivery;
    }
    try {
      method.invoke(bean, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception failure) {
        throw failure;
      }
      throw (Error) e.getCause();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
