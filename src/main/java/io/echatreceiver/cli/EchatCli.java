package io.echatreceiver.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The push simulator's command line, {@code echat}: sends a receiver the requests Echat's servers
 * send, signed and, in safe mode, encrypted by the {@link io.echatreceiver.testkit test kit}.
 *
 * <pre>{@code
 * java -jar target/echat-receiver-cli.jar send --type chatSend
 * java -jar target/echat-receiver-cli.jar check-url --url https://example.com/echat
 * java -jar target/echat-receiver-cli.jar bulk --count 10000 --concurrency 32
 * }</pre>
 */
@Command(
    name = "echat",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = EchatCli.ManifestVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "COMMAND",
    description =
        "Sends an Echat push receiver the requests Echat's servers send: signed with the "
            + "token and, in safe mode, encrypted with the EncodingAESKey.",
    subcommands = {SendCommand.class, CheckUrlCommand.class, BulkCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Acknowledged: 'success', or the echostr came back.",
      "1:Not acknowledged: the receiver refused (4xx), failed (5xx) or answered otherwise.",
      "2:Not sent: the connection failed, or an option or file is wrong."
    })
public final class EchatCli implements Callable<Integer> {

  /** The demo's token ({@code mvn jetty:run}), for trying out without any setup. */
  static final String DEMO_TOKEN = "demo-token";

  static final int ACKNOWLEDGED = 0;
  static final int NOT_ACKNOWLEDGED = 1;
  static final int NOT_SENT = 2;

  private final Map<String, String> environment;
  private final boolean terminal;

  @Spec CommandSpec spec;

  /** The command line as {@code java -jar} runs it, reading this process's environment. */
  public EchatCli() {
    // A console exists when the JVM runs on a terminal, not when its output goes to a pipe.
    this(System.getenv(), System.console() != null);
  }

  /** Reads its environment variables from {@code environment}, so tests need not set real ones. */
  EchatCli(Map<String, String> environment) {
    this(environment, false);
  }

  /**
   * @param environment the environment variables to read
   * @param terminal whether a person watches the output, which then shows progress
   */
  EchatCli(Map<String, String> environment, boolean terminal) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    this.terminal = terminal;
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command and its options, see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EchatCli()).execute(args));
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: send, check-url or bulk");
  }

  /** Whether the output goes to a terminal, where a line may show progress and be rewritten. */
  boolean onTerminal() {
    return terminal;
  }

  /** An environment variable, empty if unset or empty. */
  Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
  }

  /** The version in the jar's manifest; "dev" when run from the build's classes. */
  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EchatCli.class.getPackage().getImplementationVersion();
      return new String[] {"echat " + (version != null ? version : "dev")};
    }
  }
}
