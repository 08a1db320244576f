/**
 * The pushes Echat sends, as immutable values: the typed offline pushes {@link
 * io.echatreceiver.model.MsgReply}, {@link io.echatreceiver.model.MsgSend} and {@link
 * io.echatreceiver.model.ChatSend}, the {@link io.echatreceiver.model.GenericPush} for all other
 * data, and the protocol's codes as enums that keep codes they do not know.
 */
package io.echatreceiver.model;
