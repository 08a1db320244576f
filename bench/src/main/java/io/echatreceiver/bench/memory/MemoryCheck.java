package io.echatreceiver.bench.memory;

import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.bench.http.NoOpHandler;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.EchatReceiverServlet;
import io.echatreceiver.testkit.EchatRequests;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The receiver's memory, in a JVM started with a small heap ({@code -Xmx64m}): Jetty 12 and the
 * receiver (plain mode, default limits, a no-op handler) in this JVM, a raw-socket client beside
 * them.
 *
 * <ul>
 *   <li>{@code large-body}: 100 MB streamed at the receiver, once with Content-Length and once
 *       chunked. Prints the answer, how much of the body the server took before it closed, and the
 *       peak heap; then checks that the receiver still answers a push.
 *   <li>{@code steady-heap PUSHES CAPACITY}: that many distinct pushes over one keep-alive
 *       connection, with the nonce and dedupe stores bounded to CAPACITY entries; prints the heap
 *       used after a full GC every tenth of the way.
 * </ul>
 *
 * <pre>java -Xmx64m -cp bench/target/benchmarks.jar io.echatreceiver.bench.memory.MemoryCheck
 *     large-body</pre>
 */
public final class MemoryCheck {

  private static final String TOKEN = "memory-token";
  private static final long HUNDRED_MEGABYTES = 100L * 1024 * 1024;

  private final Server server;
  private final int port;

  private MemoryCheck(Map<String, String> initParams) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("echat", new EchatReceiverServlet());
    holder.setInitParameters(initParams);
    holder.setInitOrder(1);
    context.addServlet(holder, "/echat");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "max heap %d MiB, %s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    switch (args[0]) {
      case "large-body" -> largeBody();
      case "steady-heap" -> steadyHeap(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("large-body or steady-heap");
    }
  }

  private static Map<String, String> params(int capacity) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("token", TOKEN);
    params.put("handler.noop.class", NoOpHandler.class.getName());
    if (capacity > 0) {
      params.put("nonceCacheSize", Integer.toString(capacity));
      params.put("dedupeCacheSize", Integer.toString(capacity));
    }
    return params;
  }

  private static void largeBody() throws Exception {
    MemoryCheck check = new MemoryCheck(params(0));
    try {
      for (boolean chunked : new boolean[] {false, true}) {
        fullGc();
        resetPeaks();
        long before = heapUsed();
        Streamed result = check.stream(chunked);
        long peak = heapPeak();
        System.out.printf(
            "100 MB %-14s -> %s; body bytes sent before the server closed: %d "
                + "(%.1f%%); heap used before %.1f MiB, peak during %.1f MiB%n",
            chunked ? "chunked" : "Content-Length",
            result.statusLine,
            result.sent,
            100.0 * result.sent / HUNDRED_MEGABYTES,
            mib(before),
            mib(peak));
      }
      try (Socket socket = check.connect()) {
        String status = check.push(socket, 1, "after");
        System.out.println("a push afterwards -> " + status);
        if (!status.startsWith("HTTP/1.1 200")) {
          throw new IllegalStateException("the receiver no longer answers: " + status);
        }
      }
    } finally {
      check.server.stop();
    }
  }

  private static void steadyHeap(int pushes, int capacity) throws Exception {
    MemoryCheck check = new MemoryCheck(params(capacity));
    try (Socket socket = check.connect()) {
      fullGc();
      System.out.printf("pushes %7d  heap after full GC %6.2f MiB%n", 0, mib(heapUsed()));
      int step = Math.max(1, pushes / 10);
      int refused = 0;
      for (int i = 1; i <= pushes; i++) {
        String status = check.push(socket, i, "steady");
        if (!status.startsWith("HTTP/1.1 200")) {
          refused++;
        }
        if (i % step == 0) {
          fullGc();
          System.out.printf(
              "pushes %7d  heap after full GC %6.2f MiB  (not 200: %d)%n",
              i, mib(heapUsed()), refused);
        }
      }
    } finally {
      check.server.stop();
    }
  }

  private record Streamed(String statusLine, long sent) {}

  private Streamed stream(boolean chunked) throws Exception {
    try (Socket socket = connect()) {
      // Read while writing: the receiver answers and closes long before the body ends.
      CompletableFuture<String> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return readHead(new BufferedInputStream(socket.getInputStream()));
                } catch (IOException e) {
                  return "no answer: " + e;
                }
              });
      OutputStream out = socket.getOutputStream();
      String request =
          "POST /echat?"
              + query(0, "large")
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: text/xml\r\n"
              + (chunked
                  ? "Transfer-Encoding: chunked\r\n"
                  : "Content-Length: " + HUNDRED_MEGABYTES + "\r\n")
              + "\r\n";
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      byte[] chunkHead =
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
      long sent = 0;
      try {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        while (sent < HUNDRED_MEGABYTES && !answer.isDone()) {
          if (chunked) {
            out.write(chunkHead);
          }
          out.write(chunk);
          if (chunked) {
            out.write(crlf);
          }
          sent += chunk.length;
        }
        if (chunked && sent >= HUNDRED_MEGABYTES) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      } catch (IOException closedByServer) {
        // expected: the receiver answered and closed the connection
      }
      String head = answer.get(60, TimeUnit.SECONDS);
      return new Streamed(head.lines().findFirst().orElse("no answer"), sent);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Sends one push over a keep-alive connection and returns the status line. */
  private String push(Socket socket, long msgId, String noncePrefix) throws IOException {
    byte[] body = BenchDocuments.msgReply(msgId);
    String head =
        "POST /echat?"
            + query(msgId, noncePrefix)
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nContent-Type: text/xml;charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    InputStream in = socket.getInputStream();
    String responseHead = readHead(in);
    int length = contentLength(responseHead);
    in.readNBytes(length);
    return responseHead.lines().findFirst().orElse("");
  }

  private static String query(long msgId, String noncePrefix) {
    return EchatRequests.push(PushType.MSG_REPLY, "")
        .token(TOKEN)
        .nonce(noncePrefix + "-" + msgId)
        .build()
        .query();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched =
          (b == '\r' && (matched == 0 || matched == 2))
                  || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).strip());
      }
    }
    return 0;
  }

  private static void fullGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap used at any one moment. */
  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
