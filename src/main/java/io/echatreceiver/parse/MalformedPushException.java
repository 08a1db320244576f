package io.echatreceiver.parse;

import io.echatreceiver.Refusal;
import java.util.Objects;

/**
 * A push body that cannot be read as an Echat document. The message says what is wrong and, for XML
 * errors, where (line and column); it never contains more than a short excerpt of the body.
 */
public final class MalformedPushException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the body was not accepted; each kind is counted and answered on its own. */
  public enum Problem {
    /** The body is not well-formed XML, even after the narrow repair of known slips. */
    MALFORMED_XML(Refusal.Reason.MALFORMED_XML),
    /** The body declares a DTD; DTDs and entities are never processed. */
    DTD_FORBIDDEN(Refusal.Reason.DTD_FORBIDDEN),
    /** The document exceeds a configured depth, element count or text length. */
    LIMIT_EXCEEDED(Refusal.Reason.XML_LIMIT_EXCEEDED),
    /**
     * The XML is fine but what identifies the push is not there: {@code msgId} is missing or not a
     * number, or an offline push has no {@code companyId}.
     */
    INVALID_FIELD(Refusal.Reason.INVALID_PUSH);

    private final Refusal.Reason reason;

    Problem(Refusal.Reason reason) {
      this.reason = reason;
    }

    /** The reason the push is refused for, with its status. */
    public Refusal.Reason reason() {
      return reason;
    }
  }

  private final Problem problem;

  public MalformedPushException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The kind of problem. */
  public Problem problem() {
    return problem;
  }
}
