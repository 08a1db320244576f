package io.echatreceiver;

import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.verify.VerificationException;

/**
 * Every reason a request is not answered {@code success}, with its HTTP status and a fixed text.
 * Tests, logs and operators all speak of the same reasons; a detail, where there is one (the
 * parser's line and column), follows the text after a colon. A detail that would tell an
 * attacker something, such as which step of decryption failed, goes to the log only.
 */
enum Reason {
  METHOD_NOT_ALLOWED(405, "Method not allowed: pushes are POSTed"),
  MALFORMED_QUERY(400, "Malformed query string"),
  DUPLICATE_PARAMETER(400, "Duplicate query parameter"),
  MISSING_DATA_TYPE(400, "Missing dataType"),
  UNKNOWN_COMPANY(403, "Unknown companyId"),
  MISSING_SIGNATURE(403, VerificationException.Failure.MISSING_PARAMETERS.message()),
  NO_SIGNATURE_MATCHES(403, VerificationException.Failure.NO_SIGNATURE_MATCHES.message()),
  TIMESTAMP_MALFORMED(403, VerificationException.Failure.TIMESTAMP_MALFORMED.message()),
  TIMESTAMP_TOO_OLD(403, VerificationException.Failure.TIMESTAMP_TOO_OLD.message()),
  TIMESTAMP_TOO_NEW(403, VerificationException.Failure.TIMESTAMP_TOO_NEW.message()),
  SIGNATURE_REPLAYED(403, VerificationException.Failure.SIGNATURE_REPLAYED.message()),
  SIGNATURE_IN_USE(409, VerificationException.Failure.SIGNATURE_IN_USE.message()),
  MISSING_ECHOSTR(400, "Missing echostr"),
  BODY_TOO_LARGE(413, "Body is larger than maxBodySize"),
  BODY_TOO_SLOW(408, "Body did not arrive within bodyReadTimeout"),
  BODY_BROKEN(400, "The connection broke while the body was read"),
  EMPTY_BODY(400, "Body is empty"),
  MALFORMED_XML(400, "Malformed XML"),
  DTD_FORBIDDEN(400, "DTDs and entities are not allowed"),
  XML_LIMIT_EXCEEDED(400, "XML exceeds a limit"),
  INVALID_PUSH(400, "Invalid push"),
  PLAIN_BODY_IN_SAFE_MODE(400, "Plain body refused: the account is in safe mode"),
  ENCRYPTED_BODY_IN_PLAIN_MODE(400, "Encrypted body refused: no AES key is configured"),
  DECRYPTION_FAILED(400, "Decryption failed"),
  HANDLER_FAILED(500, "A handler failed; send the push again"),
  STORE_UNAVAILABLE(503, "The push could not be stored; send it again"),
  NOT_KEPT(503, "The unreadable push could not be kept; send it again"),
  INTERNAL_ERROR(500, "The receiver failed; send the push again");

  private final int status;
  private final String text;

  Reason(int status, String text) {
    this.status = status;
    this.text = text;
  }

  int status() {
    return status;
  }

  String text() {
    return text;
  }

  static Reason of(VerificationException.Failure failure) {
    return switch (failure) {
      case MISSING_PARAMETERS -> MISSING_SIGNATURE;
      case NO_SIGNATURE_MATCHES -> NO_SIGNATURE_MATCHES;
      case TIMESTAMP_MALFORMED -> TIMESTAMP_MALFORMED;
      case TIMESTAMP_TOO_OLD -> TIMESTAMP_TOO_OLD;
      case TIMESTAMP_TOO_NEW -> TIMESTAMP_TOO_NEW;
      case SIGNATURE_REPLAYED -> SIGNATURE_REPLAYED;
      case SIGNATURE_IN_USE -> SIGNATURE_IN_USE;
    };
  }

  static Reason of(MalformedPushException.Problem problem) {
    return switch (problem) {
      case MALFORMED_XML -> MALFORMED_XML;
      case DTD_FORBIDDEN -> DTD_FORBIDDEN;
      case LIMIT_EXCEEDED -> XML_LIMIT_EXCEEDED;
      case INVALID_FIELD -> INVALID_PUSH;
    };
  }
}
