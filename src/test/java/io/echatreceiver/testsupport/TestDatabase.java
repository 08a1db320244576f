package io.echatreceiver.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A database server the tests use on this machine, as {@code .ci/run} starts it: trusted local
 * connections, a database {@code test}. A test class (or method) that needs one says so with {@link
 * RequiresDatabase}; it then runs where the server answers, is skipped with the reason where it
 * does not, and fails under {@code CI=true}.
 *
 * <p>The port can be moved with a system property, {@code -Dechat.test.postgresql.port=5433} (or
 * {@code echat.test.mariadb.port}), for a machine whose server listens elsewhere; pointing it at a
 * port where nothing listens is how the skipping itself is tried out without stopping a server that
 * other builds share.
 */
public enum TestDatabase {
  POSTGRESQL(
      "PostgreSQL",
      "postgresql",
      5432,
      "postgres",
      "connectTimeout=2&loginTimeout=5",
      "pg_ctlcluster --skip-systemctl-redirect <version> main start"),
  MARIADB(
      "MariaDB",
      "mariadb",
      3306,
      "root",
      "connectTimeout=2000&socketTimeout=5000",
      "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

  private static final String HOST = "127.0.0.1";
  private static final ConcurrentMap<TestDatabase, Optional<String>> PROBED =
      new ConcurrentHashMap<>();

  private final String displayName;
  private final String scheme;
  private final int defaultPort;
  private final String user;

  /** Seconds, not the driver's default of minutes: a server on this machine answers at once. */
  private final String probeTimeout;

  private final String ciStart;

  TestDatabase(
      String displayName,
      String scheme,
      int defaultPort,
      String user,
      String probeTimeout,
      String ciStart) {
    this.displayName = displayName;
    this.scheme = scheme;
    this.defaultPort = defaultPort;
    this.user = user;
    this.probeTimeout = probeTimeout;
    this.ciStart = ciStart;
  }

  /** The server's port: its default, unless {@code echat.test.<scheme>.port} says otherwise. */
  public int port() {
    return Integer.getInteger("echat.test." + scheme + ".port", defaultPort);
  }

  /** {@code 127.0.0.1:<port>}. */
  public String hostAndPort() {
    return HOST + ":" + port();
  }

  /** The user the tests connect as, without a password. */
  public String user() {
    return user;
  }

  /** The JDBC URL of the server without a database or parameters, ending in {@code /}. */
  public String server() {
    return "jdbc:" + scheme + "://" + hostAndPort() + "/";
  }

  /** The JDBC URL of this database on the server, with the user: append more with {@code &}. */
  public String url(String database) {
    return server() + database + "?user=" + user;
  }

  /**
   * Drops the schema with all it holds and creates it empty, in the database {@code test}: a test
   * class of PostgreSQL keeps its tables in a schema of its own, apart from other builds'.
   */
  public void recreateSchema(String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("test"));
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
    }
  }

  /** PostgreSQL or MariaDB, as a message names it. */
  public String displayName() {
    return displayName;
  }

  /** How {@code .ci/run} starts the server when it is stopped. */
  String ciStart() {
    return ciStart;
  }

  /**
   * Empty when the tests can log in to the database {@code test}; otherwise why not. A login rather
   * than an open port, so that a newcomer's own server that wants a password, or has no database
   * {@code test}, is named as such instead of failing forty tests. Probed once per JVM, so a
   * stopped server costs the test run one refused connection, not one per test class.
   */
  Optional<String> unreachable() {
    return PROBED.computeIfAbsent(
        this,
        database -> {
          String url = url("test");
          try (Connection connection = DriverManager.getConnection(url + "&" + probeTimeout)) {
            return Optional.empty();
          } catch (SQLException e) {
            return Optional.of(
                displayName + ": the tests cannot log in at " + url + " (" + e.getMessage() + ")");
          }
        });
  }
}
