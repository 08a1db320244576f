package io.echatreceiver.log;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The receiver's loggers. With an SLF4J provider on the class path (the application's, or the
 * slf4j-simple that the stand-alone WAR bundles) they are SLF4J's own. Without one SLF4J would drop
 * every line, and an operator would see a receiver that refuses pushes and says nothing: the
 * loggers then write INFO and above to a {@link LineSink}, the servlet container's log once {@code
 * EchatReceiverServlet} has started, standard error until then.
 *
 * <p>No SLF4J provider is registered for this: one in {@code META-INF/services} would compete with
 * the application's, and SLF4J would pick either.
 */
public final class Logs {

  /**
   * Decided once: SLF4J binds its provider at its first use and never again, so every logger of
   * this class loader would be the fallback's or none would.
   */
  private static final boolean PROVIDED =
      !(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory);

  private static final LineSink STANDARD_ERROR = new StandardError(System.err);
  private static final AtomicReference<LineSink> SINK = new AtomicReference<>(STANDARD_ERROR);

  private Logs() {}

  /** The logger named after this class. */
  public static Logger get(Class<?> type) {
    return get(type.getName());
  }

  /** The logger of this name. */
  public static Logger get(String name) {
    Objects.requireNonNull(name, "name");
    return PROVIDED ? LoggerFactory.getLogger(name) : fallback(name);
  }

  /** The logger of this name when no provider is bound: it writes to the current sink. */
  static Logger fallback(String name) {
    return new FallbackLogger(name);
  }

  /** Whether an SLF4J provider takes the lines, so that the {@link LineSink} gets none. */
  public static boolean hasProvider() {
    return PROVIDED;
  }

  /**
   * Sends the lines of the loggers without a provider here from now on.
   *
   * @param sink where the lines go, such as {@code ServletContext::log}
   */
  public static void writeTo(LineSink sink) {
    SINK.set(Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Sends the lines back to standard error, if they still go to this sink: the container's log of
   * an application that has stopped may no longer take them.
   */
  public static void stopWritingTo(LineSink sink) {
    SINK.compareAndSet(sink, STANDARD_ERROR);
  }

  /** Where the lines of loggers without a provider go: one complete line at a time. */
  @FunctionalInterface
  public interface LineSink {

    /**
     * Writes a line.
     *
     * @param line the level, the logger's name and the message
     * @param failure the failure the line tells of, with its stack trace; null if none
     */
    void write(String line, Throwable failure);
  }

  private record StandardError(PrintStream out) implements LineSink {
    @Override
    public void write(String line, Throwable failure) {
      // One lock for the line and its trace, so that another thread's line cannot split them.
      synchronized (out) {
        out.println(line);
        if (failure != null) {
          failure.printStackTrace(out);
        }
      }
    }
  }

  /** INFO and above, formatted as SLF4J formats them, to the current sink. */
  private static final class FallbackLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    FallbackLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable failure) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      SINK.get().write(level + " " + name + " - " + message, failure);
    }
  }
}
