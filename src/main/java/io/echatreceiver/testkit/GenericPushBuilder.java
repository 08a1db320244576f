package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.PushType;

/**
 * Builds a {@link GenericPush}: Echat's session data or an offline push of a {@code msgType} this
 * version has no record for. It starts from {@code msgId} and {@code tm}, which all of Echat's data
 * carries; {@link #set(String, String)} and {@link #add(Element)} give it the rest. See {@link
 * TestPushes#generic(PushType)}.
 */
public final class GenericPushBuilder extends PushBuilder<GenericPush, GenericPushBuilder> {

  GenericPushBuilder(PushType type, Element xml) {
    super(type, GenericPush.class, xml);
  }

  @Override
  GenericPushBuilder with(Element xml) {
    return new GenericPushBuilder(type(), xml);
  }
}
