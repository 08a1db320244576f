package io.echatreceiver.spring.boot;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/** Sends requests to the application under test as Echat and as a browser would. */
final class Echat {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static final AtomicLong MSG_IDS = new AtomicLong(7_000_000);

  private Echat() {}

  /**
   * The spec's sample of this type as a push not sent before: the receiver takes a second push with
   * the same msgId for Echat's re-send of the first.
   */
  static String freshSample(PushType type) {
    long msgId = MSG_IDS.incrementAndGet();
    return Samples.withIdentity(Samples.of(type), msgId, 1_700_000_000_000L + msgId);
  }

  static HttpResponse<String> send(int port, String path, EchatRequest request)
      throws IOException, InterruptedException {
    return CLIENT.send(
        request.httpRequest(URI.create("http://127.0.0.1:" + port + path)),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
