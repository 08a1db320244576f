package io.echatreceiver.receiver;

/**
 * The receiver's query-string parsing, which is package-private, for the per-step benchmark: bench/
 * puts this class in the receiver's package, which the class path lets it share.
 */
public final class QuerySteps {

  private QuerySteps() {}

  /** Parses a push's raw query string as the receiver does before anything else. */
  public static Object parse(String rawQuery) throws Refused {
    return QueryParameters.parse(rawQuery);
  }
}
