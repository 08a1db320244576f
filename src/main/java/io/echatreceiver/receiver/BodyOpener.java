package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import io.echatreceiver.config.Account;
import io.echatreceiver.crypto.Decrypted;
import io.echatreceiver.crypto.DecryptionException;
import io.echatreceiver.crypto.PushCipher;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.ParsedBody;
import io.echatreceiver.parse.PushParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Turns a body into a push, in the account's mode. A body is told apart by its shape: XML with an
 * {@code Encrypt} element, or bare Base64, is encrypted; other XML is plain. Decrypted XML goes
 * through the same parser as plain XML; every failure of an encrypted body gets one answer.
 */
final class BodyOpener {

  private static final Logger LOG = Logs.get(BodyOpener.class);

  private final PushParser parser;

  BodyOpener(PushParser parser) {
    this.parser = parser;
  }

  /** A push and the XML document it was read from (the body itself, or its decryption). */
  record Opened(Push push, byte[] document) {}

  Opened open(Account account, PushType type, byte[] body) throws Refused {
    if (!looksLikeXml(body)) {
      if (!account.mode().acceptsEncrypted()) {
        // Not XML and no key to try: let the parser say what is wrong with it.
        return parse(type, body);
      }
      return openDecrypted(type, decrypt(account, new String(body, StandardCharsets.US_ASCII)));
    }
    if (!account.mode().acceptsPlain()) {
      // Only an envelope will do, so a plain push is not bound, nor its fields reported.
      String ciphertext =
          envelope(body).orElseThrow(() -> new Refused(Refusal.Reason.PLAIN_BODY_IN_SAFE_MODE));
      return openDecrypted(type, decrypt(account, ciphertext));
    }
    ParsedBody read = readBody(type, body);
    if (read instanceof ParsedBody.Envelope envelope) {
      if (!account.mode().acceptsEncrypted()) {
        throw new Refused(Refusal.Reason.ENCRYPTED_BODY_IN_PLAIN_MODE);
      }
      return openDecrypted(type, decrypt(account, envelope.ciphertext()));
    }
    return new Opened(((ParsedBody.Plain) read).push(), body);
  }

  private ParsedBody readBody(PushType type, byte[] body) throws Refused {
    try {
      return parser.readBody(type, body);
    } catch (MalformedPushException e) {
      throw refused(e);
    }
  }

  private Optional<String> envelope(byte[] body) throws Refused {
    try {
      return parser.readEnvelope(body);
    } catch (MalformedPushException e) {
      throw refused(e);
    }
  }

  private byte[] decrypt(Account account, String ciphertext) throws Refused {
    PushCipher cipher = account.cipher().orElseThrow();
    try {
      Decrypted decrypted = cipher.decrypt(ciphertext);
      if (decrypted.keyIndex() > 0 || decrypted.appIdIndex() > 0) {
        LOG.info(
            "Account '{}' push decrypted with AES key #{} and appId #{} (rotation)",
            account.name(),
            decrypted.keyIndex() + 1,
            decrypted.appIdIndex() + 1);
      }
      return decrypted.message();
    } catch (DecryptionException e) {
      throw Refused.withHiddenDetail(Refusal.Reason.DECRYPTION_FAILED, e.getMessage());
    }
  }

  /**
   * Parses a decrypted document. Whatever is wrong with it is answered as a failed decryption: an
   * answer that told a parse error from a padding error would be an oracle that decrypts a captured
   * body, one changed block at a time.
   */
  private Opened openDecrypted(PushType type, byte[] xml) throws Refused {
    try {
      return parse(type, xml);
    } catch (Refused refusal) {
      throw Refused.withHiddenDetail(
          Refusal.Reason.DECRYPTION_FAILED, "the decrypted document: " + refusal.description());
    }
  }

  private Opened parse(PushType type, byte[] xml) throws Refused {
    try {
      return new Opened(parser.parse(type, xml), xml);
    } catch (MalformedPushException e) {
      throw refused(e);
    }
  }

  private static Refused refused(MalformedPushException e) {
    return new Refused(e.problem().reason(), e.getMessage());
  }

  /** Whether the first byte after white space and a byte order mark opens a tag. */
  private static boolean looksLikeXml(byte[] body) {
    int i =
        body.length >= 3
                && (body[0] & 0xFF) == 0xEF
                && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    while (i < body.length
        && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
      i++;
    }
    return i < body.length && body[i] == '<';
  }
}
