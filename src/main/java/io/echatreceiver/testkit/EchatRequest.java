package io.echatreceiver.testkit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * A request as Echat sends it: the signed query string and the body (empty for a checkUrl GET).
 * Build one with {@link EchatRequests}.
 *
 * @param method {@code POST} or {@code GET}
 * @param query the query string, without {@code ?}
 * @param body the body bytes
 */
public record EchatRequest(String method, String query, byte[] body) {

  public EchatRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
  }

  /** The receiver's address with this request's query string appended. */
  public URI uri(URI endpoint) {
    String base = endpoint.toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + query);
  }

  /** A {@code java.net.http} request to the receiver at this address. */
  public HttpRequest httpRequest(URI endpoint) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(endpoint));
    return (method.equals("GET")
            ? builder.GET()
            : builder
                .header("Content-Type", "text/xml;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)))
        .build();
  }
}
