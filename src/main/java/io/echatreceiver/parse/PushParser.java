package io.echatreceiver.parse;

import io.echatreceiver.log.Logs;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.util.Objects;
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
   * @param type the request's data type, which decides the record
   * @param document the UTF-8 bytes of the push XML
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
   * Binds a document already read to the push record its type calls for.
   *
   * @param type the request's data type, which decides the record
   * @param root the document's root element
   * @return the push
   * @throws MalformedPushException if {@code msgId} is missing or not a number, or an offline
   *     push's {@code companyId} is missing
   */
  public Push bind(PushType type, Element root) throws MalformedPushException {
    return PushBinder.bind(type, root, unreadable);
  }
}
