package io.echatreceiver.delivery.jdbc;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The name that a receiver's claims carry in {@code echat_delivery.lease_owner}. It must stay the
 * same across restarts of one installation, since a receiver takes back at startup the deliveries
 * claimed under its name (those its killed predecessor held), and it must differ between receivers
 * running at the same time on one database, since taking back the deliveries of a running receiver
 * has them delivered twice.
 *
 * <p>The default is {@code HOST/HASH}: the host name, and a hash of where this installation lives,
 * the canonical path of the receiver's jar (inside the web application, so per web application and
 * per container, e.g. {@code /opt/tomcat/webapps/echat/WEB-INF/lib/...}) with the container's base
 * directory ({@code catalina.base}, {@code jetty.base}). The database is left out: a changed JDBC
 * URL option must not rename the node at the restart it comes with.
 */
final class NodeIdentity {

  /** The longest node id; {@code echat_delivery.lease_owner} holds 128 characters. */
  static final int MAX_LENGTH = 100;

  private static final int MAX_HOST_LENGTH = 60;

  /**
   * The ids in use by the receivers of this class loader. Two receivers of one web application
   * share everything the default is made of; the second gets {@code #2}, which stays the same
   * across restarts since a container starts servlets in a fixed order.
   */
  private static final Set<String> IN_USE = new HashSet<>();

  private NodeIdentity() {}

  /** The default id of this installation: {@code HOST/HASH}. */
  static String derived() {
    return host() + "/" + hash(installation());
  }

  /**
   * Takes an id for a receiver that starts: the one asked for, or, while another receiver of this
   * class loader uses it, the id with {@code #2}, {@code #3}, ...
   */
  static synchronized String acquire(String id) {
    Objects.requireNonNull(id, "id");
    for (int n = 1; ; n++) {
      String candidate = n == 1 ? id : id + "#" + n;
      if (IN_USE.add(candidate)) {
        return candidate;
      }
    }
  }

  /** Gives back an id that {@link #acquire} gave, when its receiver stops. */
  static synchronized void release(String acquired) {
    IN_USE.remove(acquired);
  }

  /**
   * The host name as the system knows it ({@code gethostname}): a container's own name in Docker
   * and Kubernetes, without a DNS lookup of the address.
   */
  static String host() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      // The name does not resolve (a container without its name in /etc/hosts).
      host =
          Objects.requireNonNullElse(
              System.getenv("HOSTNAME"),
              Objects.requireNonNullElse(System.getenv("COMPUTERNAME"), "localhost"));
    }
    host = host.strip().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      host = "localhost";
    }
    return host.length() <= MAX_HOST_LENGTH ? host : host.substring(0, MAX_HOST_LENGTH);
  }

  /** Where this installation lives: the receiver's jar or classes, and the container's base. */
  static String installation() {
    StringBuilder where = new StringBuilder(codeSource());
    for (String base : new String[] {"catalina.base", "jetty.base"}) {
      String value = System.getProperty(base);
      if (value != null) {
        where.append('\n').append(base).append('=').append(canonical(value));
      }
    }
    return where.toString();
  }

  private static String codeSource() {
    try {
      CodeSource source = NodeIdentity.class.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null) {
        return "";
      }
      if (location.getProtocol().equals("file")) {
        return canonical(Path.of(location.toURI()).toString());
      }
      // jar:, war:, vfs: and the like name the archive, which is as stable.
      return location.toString();
    } catch (URISyntaxException | RuntimeException e) {
      // A security manager or an unusual class loader: the host alone must then do.
      return "";
    }
  }

  private static String canonical(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (Exception e) {
      return Path.of(path).toAbsolutePath().normalize().toString();
    }
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every Java runtime", e);
    }
  }
}
