package io.echatreceiver.delivery.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The inbox's connections, bounded in time and discarded when broken, whatever pool hands them out:
 * a container's pool without validation, or with a validation query that itself hangs.
 *
 * <ul>
 *   <li>A connection from a container's pool is borrowed on a thread of its own and waited for at
 *       most the bound: such a pool may open a connection, or validate one, in the borrowing
 *       thread, and neither pgjdbc nor MariaDB's driver has a socket timeout by default, so a
 *       network partition would hold Echat's request for ever. The receiver's own pool bounds its
 *       borrowing itself ({@link InboxDataSource}), and is borrowed from on the caller's thread,
 *       which saves two thread hand-offs per use.
 *   <li>Every borrowed connection gets the bound as its network timeout ({@link
 *       Connection#setNetworkTimeout}), given back to the pool with the timeout it had. Every
 *       statement gets a query timeout a second longer, a backstop on the server's side (MariaDB
 *       ends a statement past it even after the client gave up). Not shorter: pgjdbc cancels a
 *       timed-out query over a new connection and waits for that, up to ten seconds more, where the
 *       network is down. Not at all with a driver that times statements on the client ({@link
 *       #TIMER_DRIVERS}): there the network timeout, which is shorter, always ends the wait first,
 *       and the timer would cost a timer task and a wake-up of the driver's timer thread per
 *       statement.
 *   <li>A connection on which any call failed with a connection-class error ({@link
 *       SqlErrors#isConnectionFailure}) is aborted instead of closed ({@link Connection#abort}),
 *       which tells tomcat-jdbc, DBCP and HikariCP to discard it rather than hand it out again; so
 *       the pool opens a new one once the database is back.
 * </ul>
 */
final class BoundedConnections implements AutoCloseable {

  /** Borrows hanging at once at most; more fail at once, as the database does not answer. */
  private static final int MAX_HANGING_BORROWS = 32;

  /**
   * The drivers, by {@link DatabaseMetaData#getDriverName()}, that enforce a query timeout with a
   * timer on the client and a cancel over a new connection, rather than on the server.
   */
  static final Set<String> TIMER_DRIVERS = Set.of("PostgreSQL JDBC Driver", "MySQL Connector/J");

  /** Where a connection is borrowed. */
  enum Borrowing {
    /**
     * On a thread of this class's own, waited for at most the bound: for a pool that may open or
     * validate a connection in the borrowing thread without a timeout, as a container's may.
     */
    ON_OWN_THREAD,
    /** On the caller's thread: for a pool that bounds its borrowing by the bound itself. */
    DIRECT
  }

  private static final Set<Class<?>> WRAPPED =
      Set.of(
          Statement.class,
          PreparedStatement.class,
          CallableStatement.class,
          ResultSet.class,
          DatabaseMetaData.class);

  private final DataSource pool;
  private final Duration bound;
  private final Borrowing borrowing;
  private final ThreadPoolExecutor executor;

  /**
   * Whether statements get a query timeout: decided by the driver of the first connection borrowed,
   * since the pool may not reach the database before that; one pool, one driver.
   */
  private volatile QueryTimeouts queryTimeouts = QueryTimeouts.UNDECIDED;

  private enum QueryTimeouts {
    UNDECIDED,
    SET,
    LEFT_TO_THE_NETWORK_TIMEOUT
  }

  BoundedConnections(DataSource pool, Duration bound, Borrowing borrowing) {
    this.pool = Objects.requireNonNull(pool, "pool");
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    this.bound = bound;
    this.borrowing = Objects.requireNonNull(borrowing, "borrowing");
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            0,
            MAX_HANGING_BORROWS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "echat-inbox-connect-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Connections bounded by the bound. */
  DataSource dataSource() {
    return dataSource(bound);
  }

  /**
   * Connections whose statements may take longer than the bound, such as a purge of many rows;
   * borrowing one is still bounded by the bound.
   */
  DataSource dataSource(Duration statementBound) {
    return new Bounded(statementBound);
  }

  /** Stops the threads that borrow; a borrow still hanging ends with its socket. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private Connection borrow(Duration statementBound) throws SQLException {
    if (borrowing == Borrowing.DIRECT) {
      return guard(pool.getConnection(), statementBound);
    }
    CompletableFuture<Connection> pending;
    try {
      pending =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return pool.getConnection();
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              },
              executor);
    } catch (RejectedExecutionException e) {
      throw new SQLTransientConnectionException(
          "The database does not answer: "
              + MAX_HANGING_BORROWS
              + " requests for a connection are waiting already",
          "08001",
          e);
    }
    Connection connection;
    try {
      connection = pending.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Whenever it comes, it goes back to the pool unused.
      pending.thenAccept(BoundedConnections::closeQuietly);
      throw new SQLTransientConnectionException(
          "The database gave no connection within " + bound, "08001", e);
    } catch (InterruptedException e) {
      pending.thenAccept(BoundedConnections::closeQuietly);
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException(
          "Interrupted while waiting for a connection", "08001", e);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException completion && completion.getCause() != null
              ? completion.getCause()
              : e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SQLException(cause);
    }
    return guard(connection, statementBound);
  }

  private Connection guard(Connection connection, Duration statementBound) throws SQLException {
    Guard guard = new Guard(connection, statementBound);
    try {
      guard.limitNetworkTime();
      if (queryTimeouts == QueryTimeouts.UNDECIDED) {
        queryTimeouts =
            TIMER_DRIVERS.contains(connection.getMetaData().getDriverName())
                ? QueryTimeouts.LEFT_TO_THE_NETWORK_TIMEOUT
                : QueryTimeouts.SET;
      }
    } catch (SQLException | RuntimeException e) {
      guard.discard(e);
      throw e;
    }
    return guard.proxy;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // it goes away with the pool
    }
  }

  /**
   * One borrowed connection: its proxy, and everything created from it, note a connection failure;
   * closing the proxy gives it back, or discards it if it broke.
   */
  private final class Guard {
    private final Connection connection;
    private final Duration statementBound;
    private final Connection proxy;
    private volatile boolean broken;
    private boolean closed;

    /** The network timeout to restore, or -1 if it was not changed. */
    private int restoreTimeout = -1;

    Guard(Connection connection, Duration statementBound) {
      this.connection = connection;
      this.statementBound = statementBound;
      this.proxy =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  this::onConnection);
    }

    void limitNetworkTime() throws SQLException {
      int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, statementBound.toMillis()));
      int before;
      try {
        before = connection.getNetworkTimeout();
        if (before == millis) {
          return;
        }
        connection.setNetworkTimeout(executor(), millis);
      } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
        // A driver without network timeouts, such as an embedded database, has no network.
        return;
      }
      restoreTimeout = before;
    }

    private Object onConnection(Object self, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          close();
          return null;
        case "isClosed":
          if (closed) {
            return true;
          }
          break;
        case "equals":
          return self == args[0];
        case "hashCode":
          return System.identityHashCode(self);
        case "toString":
          return "bounded " + connection;
        default:
          break;
      }
      Object result = call(connection, method, args);
      if (result instanceof Statement statement) {
        limitQueryTime(statement);
      }
      return wrap(method, result);
    }

    private void limitQueryTime(Statement statement) throws SQLException {
      if (queryTimeouts != QueryTimeouts.SET) {
        return;
      }
      long seconds = (statementBound.toMillis() + 999) / 1000 + 1;
      try {
        statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
      } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
        // The network timeout still bounds it.
      }
    }

    /** Wraps what a call returned if a failure could show on it. */
    private Object wrap(Method method, Object result) {
      Class<?> type = method.getReturnType();
      if (result == null || !WRAPPED.contains(type)) {
        return result;
      }
      return Proxy.newProxyInstance(
          Connection.class.getClassLoader(),
          new Class<?>[] {type},
          (self, called, args) -> {
            switch (called.getName()) {
              case "getConnection":
                return proxy;
              case "equals":
                return self == args[0];
              case "hashCode":
                return System.identityHashCode(self);
              case "toString":
                return "bounded " + result;
              default:
                return wrap(called, call(result, called, args));
            }
          });
    }

    private Object call(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql && SqlErrors.isConnectionFailure(sql)) {
          broken = true;
        }
        throw cause;
      }
    }

    private synchronized void close() throws SQLException {
      if (closed) {
        return;
      }
      closed = true;
      if (broken) {
        abort();
        return;
      }
      if (restoreTimeout >= 0) {
        try {
          connection.setNetworkTimeout(executor(), restoreTimeout);
        } catch (SQLException | RuntimeException e) {
          abort();
          return;
        }
      }
      connection.close();
    }

    /** Discards a connection that failed before its proxy was handed out. */
    synchronized void discard(Exception cause) {
      closed = true;
      if (cause instanceof SQLException sql && !SqlErrors.isConnectionFailure(sql)) {
        closeQuietly(connection);
        return;
      }
      abort();
    }

    /**
     * Tells the pool the connection is broken: abort() makes tomcat-jdbc and DBCP discard it and
     * HikariCP evict it; close() alone would give it back as healthy.
     */
    private void abort() {
      try {
        connection.abort(executor());
      } catch (SQLException | RuntimeException e) {
        // A driver that cannot abort: closed, the pool may still test it before reuse.
        closeQuietly(connection);
      }
    }
  }

  /**
   * Where drivers run an abort: the borrowing threads, or the caller if they are all taken; closing
   * a socket never waits for the network.
   */
  private Executor executor() {
    return task -> {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    };
  }

  /** The DataSource whose connections are bounded. */
  private final class Bounded implements DataSource {
    private final Duration statementBound;

    Bounded(Duration statementBound) {
      this.statementBound = statementBound;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return borrow(statementBound);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("The inbox borrows with the pool's own user");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return type.isInstance(pool) || pool.isWrapperFor(type);
    }

    @Override
    public String toString() {
      return "bounded " + pool;
    }
  }
}
