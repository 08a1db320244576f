package io.echatreceiver.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A request that was not sent, or got no answer, with a message that names the cause: an option or
 * file that is wrong, a failed connection. An expected outcome of a command, reported as a message:
 * it carries no stack trace.
 */
final class NotSent extends Exception {

  private static final long serialVersionUID = 1L;

  NotSent(String message) {
    super(message, null, false, false);
  }

  /** An option value that picocli could not check alone, with a pointer to the help. */
  static NotSent badOption(CommandSpec command, String message) {
    return new NotSent(
        message + System.lineSeparator() + "See '" + command.qualifiedName() + " --help'.");
  }
}
