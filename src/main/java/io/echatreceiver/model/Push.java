package io.echatreceiver.model;

import java.time.Instant;

/**
 * One push from Echat, verified and parsed. Offline pushes arrive as the typed {@link MsgReply},
 * {@link MsgSend} and {@link ChatSend}; everything else (Echat's session data, and any {@code
 * msgType} this version does not know) as a {@link GenericPush}. Every push keeps its whole
 * document in {@link #xml()}.
 *
 * <p>Echat identifies a push by {@code msgId} across its re-sends; together with the data type and
 * the company it is the key under which the receiver remembers that a push was handled.
 */
public sealed interface Push permits StaffPush, GenericPush {

  /** The data type named by the request's {@code dataType} and {@code msgType} parameters. */
  PushType type();

  /** Echat's message id ({@code msgId}), the same in every re-send of this push. */
  long msgId();

  /**
   * When Echat produced the push ({@code tm}, epoch milliseconds). A push whose {@code tm} is
   * missing or not a number is still delivered, since {@code tm} is no part of what identifies it:
   * its {@code tm} is then an offline push's {@code chatTime}, or {@link Instant#EPOCH} when that
   * cannot be read either. The element's text stays in {@link #xml()}.
   */
  Instant tm();

  /** The whole document as received: the root {@code <xml>} element with every child. */
  Element xml();
}
