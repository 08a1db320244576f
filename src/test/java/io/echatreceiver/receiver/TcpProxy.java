package io.echatreceiver.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy a test can cut and restore: a database outage for real, without stopping the
 * database other tests use. Or partition: connections stay open and new ones are accepted, but no
 * byte goes through, as when a firewall drops the packets; a driver without a socket timeout then
 * waits for ever.
 */
final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile boolean partitioned;

  private TcpProxy(int targetPort, ServerSocket listener) {
    this.targetPort = targetPort;
    this.listener = listener;
    this.port = listener.getLocalPort();
    accept(listener);
  }

  static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  int port() {
    return port;
  }

  /** Refuses new connections and breaks every open one. */
  synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** From now on, nothing goes through, and nothing is closed. */
  void partition() {
    partitioned = true;
  }

  /**
   * Ends a partition as TCP would once its timeouts ran out: the connections that lived through it
   * are broken (bytes were lost on them), new ones go through again.
   */
  synchronized void heal() {
    partitioned = false;
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = again;
    accept(again);
  }

  private void accept(ServerSocket server) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  // Under the lock that cut() holds: a connection accepted just as the proxy was
                  // cut
                  // must not outlive the cut, or the outage would have a way through.
                  synchronized (this) {
                    if (server.isClosed()) {
                      closeQuietly(client);
                      return;
                    }
                    if (partitioned) {
                      // Accepted, as the kernel does, and then never answered.
                      sockets.add(client);
                      continue;
                    }
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(target);
                    pump(client, target);
                    pump(target, client);
                  }
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (partitioned) {
                    continue;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException broken) {
                // cut, or closed by either side
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
