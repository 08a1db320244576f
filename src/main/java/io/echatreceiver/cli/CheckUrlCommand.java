package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code echat check-url}: Echat's URL check, which its settings page runs when a URL is saved. */
@Command(
    name = "check-url",
    sortOptions = false,
    description =
        "Sends Echat's URL check (dataType=checkUrl) and checks that the echostr came "
            + "back, as Echat does when the URL is saved in its settings.")
final class CheckUrlCommand implements Callable<Integer> {

  @ParentCommand EchatCli cli;

  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(
      names = "--echostr",
      paramLabel = "TEXT",
      description = "The text the receiver must send back; default: a random one.")
  String echostr;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String echo =
        echostr != null
            ? echostr
            : "echo-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    try {
      if (echo.isEmpty()) {
        throw NotSent.badOption(spec, "--echostr must not be empty");
      }
      EchatRequest request = target.sign(EchatRequests.checkUrl(echo), cli).build();
      out.println(request.method() + " " + request.uri(target.url));
      out.println("  " + target.tokenSource(cli));
      Answer answer =
          Exchange.send(
              Exchange.client(target.timeout, null),
              Exchange.httpRequest(request, target.url, target.timeout),
              target);
      if (answer.status() == 200 && answer.body().equals(echo)) {
        out.println("200 " + echo + "  (the echostr came back)");
        return EchatCli.ACKNOWLEDGED;
      }
      out.println(
          answer
              + (answer.status() == 200 && answer.notFromAReceiver().isEmpty()
                  ? "  (not the echostr " + echo + ": Echat would not save the URL)"
                  : ""));
      answer.notAReceiverLine().ifPresent(out::println);
      return EchatCli.NOT_ACKNOWLEDGED;
    } catch (NotSent e) {
      spec.commandLine().getErr().println(e.getMessage());
      return EchatCli.NOT_SENT;
    } finally {
      out.flush();
    }
  }
}
