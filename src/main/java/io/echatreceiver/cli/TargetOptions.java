package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequests;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a request goes and what it is signed with: options shared by every command. */
final class TargetOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080/echat",
      converter = Converters.HttpUrl.class,
      description = "The receiver, as entered in Echat's settings (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Echat's token, which signs the request; default: $ECHAT_TOKEN, else "
              + EchatCli.DEMO_TOKEN
              + " (the demo's). The environment keeps it out of the "
              + "process list.")
  String token;

  @Option(
      names = "--company-id",
      paramLabel = "ID",
      description =
          "Appends companyId=ID to the URL, as a company does whose receiver serves "
              + "several companies.")
  String companyId;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Converters.Timeout.class,
      description =
          "How long to wait for the connection, and then for the answer "
              + "(default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The token from the option, else the environment, else the demo's. */
  String token(EchatCli cli) {
    return token != null ? token : cli.env("ECHAT_TOKEN").orElse(EchatCli.DEMO_TOKEN);
  }

  /**
   * Where the token comes from, never the token itself unless it is the demo's: the first thing to
   * check when the receiver answers {@code No signature matches}.
   */
  String tokenSource(EchatCli cli) {
    if (token != null) {
      return "token from --token";
    }
    if (cli.env("ECHAT_TOKEN").isPresent()) {
      return "token from ECHAT_TOKEN";
    }
    return "token " + EchatCli.DEMO_TOKEN + ", the demo's: neither --token nor ECHAT_TOKEN is set";
  }

  /** Signs with the token and names the company, if one was given. */
  EchatRequests.Builder sign(EchatRequests.Builder builder, EchatCli cli) {
    builder.token(token(cli));
    if (companyId != null) {
      builder.companyId(companyId);
    }
    return builder;
  }

  /** {@code host:port}, as connection failures name the receiver. */
  String address() {
    int port = url.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
    return url.getHost() + ":" + port;
  }
}
