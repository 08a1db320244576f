package io.echatreceiver.parse;

import io.echatreceiver.log.Logs;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The one parser for Echat documents, plain pushes and safe-mode envelopes alike: a strict,
 * hardened StAX read first, then, only if that fails with an XML error, the narrow repair of the
 * slips printed in Echat's own samples ({@link SlipRepair}) and one more strict read.
 *
 * <p>A push is bound leniently: only a missing or unreadable {@code msgId}, or an offline push
 * without {@code companyId}, refuses it. Any other number, time or code that cannot be read takes
 * the value its record documents, and is handed to the parser's listener as an {@link
 * UnreadableField}.
 *
 * <p>{@link #parse} binds an offline push ({@code msgReply}, {@code msgSend}, {@code chatSend})
 * while its document streams by, without an element tree; its {@link Push#xml()} is read from the
 * kept bytes when first asked for.
 *
 * <p>Thread-safe; create one per receiver.
 */
public final class PushParser {

  private static final Logger LOG = Logs.get(PushParser.class);

  private final XmlTreeReader reader;
  private final Consumer<UnreadableField> unreadable;

  /**
   * A parser that enforces these limits and logs each field it cannot read at WARN ({@link
   * UnreadableField#warn}).
   */
  public PushParser(XmlLimits limits) {
    this(limits, UnreadableField::warn);
  }

  /**
   * A parser that enforces these limits and hands each field it cannot read to a listener: the
   * receiver's logs it and counts it; one that reads a stored push again, which was reported when
   * it arrived, may ignore it ({@code field -> {}}).
   *
   * @param limits the bounds on a document
   * @param unreadable told of each field that could not be read, on the parsing thread; it must not
   *     throw
   */
  public PushParser(XmlLimits limits, Consumer<UnreadableField> unreadable) {
    this.reader = new XmlTreeReader(Objects.requireNonNull(limits, "limits"));
    this.unreadable = Objects.requireNonNull(unreadable, "unreadable");
  }

  /**
   * Reads a document into its element tree.
   *
   * @param document the UTF-8 bytes as received
   * @return the root element
   * @throws MalformedPushException if the document is not XML even after repair, declares a DTD, or
   *     exceeds a limit; the message is the strict parser's, pointing into the bytes received
   */
  public Element parseDocument(byte[] document) throws MalformedPushException {
    try {
      return reader.read(document);
    } catch (MalformedPushException strictFailure) {
      byte[] repaired = repairable(document, strictFailure);
      try {
        Element root = reader.read(repaired);
        LOG.debug("Repaired a known slip in a push document ({})", strictFailure.getMessage());
        return root;
      } catch (MalformedPushException stillBroken) {
        throw strictFailure;
      }
    }
  }

  /**
   * Walks the document, or, when the strict read fails with an XML error, its repair, as {@link
   * #parseDocument} reads it.
   *
   * @return the bytes that were read whole: the document, or its repair
   */
  static byte[] readRepairing(byte[] document, PushBinder.Fields fields, XmlTreeReader reader)
      throws MalformedPushException {
    try {
      reader.read(document, fields);
      return document;
    } catch (MalformedPushException strictFailure) {
      byte[] repaired = repairable(document, strictFailure);
      fields.restart();
      try {
        reader.read(repaired, fields);
        LOG.debug("Repaired a known slip in a push document ({})", strictFailure.getMessage());
        return repaired;
      } catch (MalformedPushException stillBroken) {
        throw strictFailure;
      }
    }
  }

  /** The repair of a document that the strict read refused, or that refusal. */
  private static byte[] repairable(byte[] document, MalformedPushException strictFailure)
      throws MalformedPushException {
    if (strictFailure.problem() != Problem.MALFORMED_XML) {
      throw strictFailure;
    }
    return SlipRepair.repair(document).orElseThrow(() -> strictFailure);
  }

  /**
   * Reads a push of the given type.
   *
   * @param type the request's data type, which decides the record; a {@code staffPush} that names
   *     no {@code msgType} is the offline push its XML {@code type} names
   * @param document the UTF-8 bytes of the push XML; an offline push keeps them, to read its {@link
   *     Push#xml()} from when that is asked for, so they must not change afterwards
   * @return a {@code MsgReply}, {@code MsgSend} or {@code ChatSend} for the offline pushes, bound
   *     as the document streams by; a {@code GenericPush}, from the document's tree, for everything
   *     else
   * @throws MalformedPushException as {@link #parseDocument(byte[])}, or as {@link #bind}
   */
  public Push parse(PushType type, byte[] document) throws MalformedPushException {
    if (PushBinder.bindsFromStream(type)) {
      return PushBinder.bindFromStream(type, document, reader, unreadable);
    }
    return bind(type, parseDocument(document));
  }

  /**
   * Reads a request's XML body, which is either a safe-mode envelope (its root has an {@code
   * Encrypt} child) or a plain push, in one read: an offline push is bound as the body streams by,
   * as {@link #parse} binds it.
   *
   * @param type the request's data type, as for {@link #parse}
   * @param body the UTF-8 bytes as received; a push keeps them, so they must not change afterwards
   * @return the envelope's ciphertext, or the push
   * @throws MalformedPushException as {@link #parse}; an envelope is refused only for its XML
   */
  public ParsedBody readBody(PushType type, byte[] body) throws MalformedPushException {
    if (PushBinder.bindsFromStream(type)) {
      return PushBinder.readBodyFromStream(type, body, reader, unreadable);
    }
    Element root = parseDocument(body);
    Optional<String> ciphertext = root.childText("Encrypt");
    if (ciphertext.isPresent()) {
      return new ParsedBody.Envelope(ciphertext.get());
    }
    return new ParsedBody.Plain(bind(type, root));
  }

  /**
   * Reads a body that only a safe-mode envelope may be, without binding a push.
   *
   * @param body the UTF-8 bytes as received
   * @return the text of the root's {@code Encrypt} child; empty when it has none
   * @throws MalformedPushException as {@link #parseDocument(byte[])}
   */
  public Optional<String> readEnvelope(byte[] body) throws MalformedPushException {
    return PushBinder.readEnvelope(body, reader);
  }

  /**
   * Binds a document already read to the push record its type calls for.
   *
   * @param type the request's data type, as for {@link #parse}
   * @param root the document's root element
   * @return the push
   * @throws MalformedPushException if {@code msgId} is missing or not a number, or an offline
   *     push's {@code companyId} is missing
   */
  public Push bind(PushType type, Element root) throws MalformedPushException {
    return PushBinder.bind(type, root, unreadable);
  }
}
