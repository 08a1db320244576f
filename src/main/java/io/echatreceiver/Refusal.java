package io.echatreceiver;

import java.util.Objects;

/**
 * Why a request is not answered {@code success}: its reason, the HTTP status it is answered with,
 * and the answer's text. The text is the reason's fixed text, followed after a colon by a detail
 * only where the detail tells the sender nothing it did not send (where a plain body breaks the
 * parser); whatever else went wrong is logged, never answered.
 *
 * @param reason why the request is refused
 * @param text the answer's body: the reason's fixed text, and an answerable detail if any
 */
public record Refusal(Reason reason, String text) {

  public Refusal {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(text, "text");
  }

  /** A refusal answered with its reason's fixed text. */
  public static Refusal of(Reason reason) {
    return new Refusal(reason, reason.text());
  }

  /** The HTTP status the request is answered with. */
  public int status() {
    return reason.status();
  }

  /**
   * Every reason a request is not answered {@code success}, with its HTTP status and fixed text.
   * Tests, logs, metrics and operators all speak of these. A 4xx tells Echat the request will not
   * succeed if sent again as it is; a 5xx asks Echat to send it again.
   */
  public enum Reason {
    /** A method other than POST (or GET, for checkUrl). */
    METHOD_NOT_ALLOWED(405, "Method not allowed: pushes are POSTed"),
    /** The query string cannot be decoded. */
    MALFORMED_QUERY(400, "Malformed query string"),
    /** A signed parameter appears twice in the query string. */
    DUPLICATE_PARAMETER(400, "Duplicate query parameter"),
    /** No {@code dataType} in the query string. */
    MISSING_DATA_TYPE(400, "Missing dataType"),
    /** A {@code companyId} that no account is configured for, and no default account. */
    UNKNOWN_COMPANY(403, "Unknown companyId"),
    /** One of {@code signature}, {@code timestamp} and {@code nonce} is missing or empty. */
    MISSING_SIGNATURE(403, "Missing signature, timestamp or nonce"),
    /** No configured token produces the signature. */
    NO_SIGNATURE_MATCHES(403, "No signature matches"),
    /** The timestamp is not 10 digits of seconds or 13 of milliseconds. */
    TIMESTAMP_MALFORMED(403, "Timestamp is not 10 or 13 digits"),
    /** The timestamp is further in the past than the tolerance. */
    TIMESTAMP_TOO_OLD(403, "Timestamp is older than the tolerance"),
    /** The timestamp is further in the future than the tolerance. */
    TIMESTAMP_TOO_NEW(403, "Timestamp is newer than the tolerance"),
    /** The signature was already used for another request. */
    SIGNATURE_REPLAYED(403, "Signature was already used for another request"),
    /** Another request with this signature is being read or handled. */
    SIGNATURE_IN_USE(409, "Another request with this signature is in progress"),
    /** A checkUrl without {@code echostr}. */
    MISSING_ECHOSTR(400, "Missing echostr"),
    /** The body is larger than {@code maxBodySize}. */
    BODY_TOO_LARGE(413, "Body is larger than maxBodySize"),
    /** The body did not arrive within {@code bodyReadTimeout}. */
    BODY_TOO_SLOW(408, "Body did not arrive within bodyReadTimeout"),
    /** The connection broke while the body was read. */
    BODY_BROKEN(400, "The connection broke while the body was read"),
    /** A push without a body. */
    EMPTY_BODY(400, "Body is empty"),
    /** The body is not well-formed XML. */
    MALFORMED_XML(400, "Malformed XML"),
    /** The body has a DTD or an entity declaration. */
    DTD_FORBIDDEN(400, "DTDs and entities are not allowed"),
    /** The body exceeds a bound on depth, element count or text length. */
    XML_LIMIT_EXCEEDED(400, "XML exceeds a limit"),
    /** The body is XML but not a push of its type; it is kept for an operator. */
    INVALID_PUSH(400, "Invalid push"),
    /** A plain body for an account in safe mode. */
    PLAIN_BODY_IN_SAFE_MODE(400, "Plain body refused: the account is in safe mode"),
    /** An encrypted body for an account without an AES key. */
    ENCRYPTED_BODY_IN_PLAIN_MODE(400, "Encrypted body refused: no AES key is configured"),
    /** An encrypted body that does not decrypt to a push; the detail is logged only. */
    DECRYPTION_FAILED(400, "Decryption failed"),
    /** A handler failed; Echat sends the push again. */
    HANDLER_FAILED(500, "A handler failed; send the push again"),
    /** The durable inbox could not store the push; Echat sends it again. */
    STORE_UNAVAILABLE(503, "The push could not be stored; send it again"),
    /** An unreadable signed push could not be kept for an operator; Echat sends it again. */
    NOT_KEPT(503, "The unreadable push could not be kept; send it again"),
    /** The receiver itself failed; Echat sends the push again. */
    INTERNAL_ERROR(500, "The receiver failed; send the push again");

    private final int status;
    private final String text;

    Reason(int status, String text) {
      this.status = status;
      this.text = text;
    }

    /** The HTTP status of the answer. */
    public int status() {
      return status;
    }

    /** The fixed text of the answer. */
    public String text() {
      return text;
    }
  }
}
