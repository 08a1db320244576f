package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/** Sends requests and names what went wrong when no answer came. */
final class Exchange {

  private Exchange() {}

  /** An HTTP/1.1 client, as Echat's servers speak; {@code executor} null for the default. */
  static HttpClient client(Duration connectTimeout, Executor executor) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  /** The test kit's request to this receiver, with a limit on the wait for the answer. */
  static HttpRequest httpRequest(EchatRequest request, URI url, Duration timeout) {
    return HttpRequest.newBuilder(request.httpRequest(url), (name, value) -> true)
        .timeout(timeout)
        .build();
  }

  /**
   * Sends one request and waits for the answer.
   *
   * @throws NotSent if no answer came, naming the cause and the receiver's address
   */
  static Answer send(HttpClient client, HttpRequest request, TargetOptions target) throws NotSent {
    try {
      return answer(client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new NotSent(describe(e, target.address(), target.timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotSent("Interrupted while waiting for " + target.address());
    }
  }

  /** The answer in a response. */
  static Answer answer(HttpResponse<String> response) {
    return new Answer(
        response.statusCode(), response.body(), response.headers().firstValue("Content-Type"));
  }

  /**
   * Why no answer came, in a line such as {@code Connection refused: 127.0.0.1:8080}.
   *
   * @param e what the client threw
   * @param address the receiver's {@code host:port}
   * @param timeout the limit on the connection and on the wait for the answer
   */
  static String describe(IOException e, String address, Duration timeout) {
    if (e instanceof HttpConnectTimeoutException) {
      return "Connect timed out after " + Converters.format(timeout) + ": " + address;
    }
    if (e instanceof HttpTimeoutException) {
      return "No answer within " + Converters.format(timeout) + ": " + address;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "Unknown host: " + address;
      }
      if (t instanceof SSLException) {
        return "TLS failed (" + t.getMessage() + "): " + address;
      }
    }
    // The client's own ConnectException often has no message; the socket's, in its cause, does.
    String connectFailure = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException && t.getMessage() != null) {
        connectFailure = t.getMessage();
      } else if (t instanceof ConnectException && connectFailure == null) {
        connectFailure = "Connection refused";
      }
    }
    if (connectFailure != null) {
      return connectFailure + ": " + address;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String detail =
        root.getMessage() == null
            ? root.getClass().getSimpleName()
            : root.getClass().getSimpleName() + ": " + root.getMessage();
    return "Connection failed (" + detail + "): " + address;
  }
}
