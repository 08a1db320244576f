package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code echat send}: one push, and what the receiver answered. */
@Command(
    name = "send",
    sortOptions = false,
    description = {
      "Sends one push as Echat does and prints the receiver's answer.",
      "By default the push gets a new msgId and tm, so that the receiver takes it for a new "
          + "push rather than a re-send; --set msgId=... or --set tm=... keeps that text."
    })
final class SendCommand implements Callable<Integer> {

  @ParentCommand EchatCli cli;

  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Mixin PushOptions push;

  @Option(
      names = "--verbatim",
      description = "Sends the sample or file exactly as it is, msgId and tm included.")
  boolean verbatim;

  @Option(
      names = "--timestamp",
      paramLabel = "TIMESTAMP",
      description =
          "The timestamp parameter as given, e.g. the specification's literal "
              + "myTimestamp; default: now, in epoch seconds.")
  String timestamp;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Optional<Encryption> encryption = push.encryption(cli);
      String xml = push.document();
      String identity = "as written";
      if (!verbatim) {
        long msgId = MsgIds.freshRange(1);
        String fresh = push.freshDocument(msgId, System.currentTimeMillis());
        identity =
            fresh.equals(xml)
                ? "as written: no <msgId> or <tm> to renew"
                : "msgId " + push.setText("msgId").orElse(Long.toString(msgId));
        xml = fresh;
      }
      EchatRequests.Builder builder = target.sign(EchatRequests.push(push.type, xml), cli);
      if (timestamp != null) {
        builder.timestamp(timestamp);
      }
      encryption.ifPresent(e -> e.applyTo(builder));
      EchatRequest request = builder.build();

      out.println(request.method() + " " + request.uri(target.url));
      out.println(
          "  "
              + push.type
              + ", "
              + identity
              + ", "
              + encryption.map(Encryption::describe).orElse("plain")
              + ", "
              + request.body().length
              + " bytes, "
              + target.tokenSource(cli));
      Answer answer =
          Exchange.send(
              Exchange.client(target.timeout, null),
              Exchange.httpRequest(request, target.url, target.timeout),
              target);
      out.println(
          answer
              + (answer.status() == 200
                      && !answer.acknowledged()
                      && answer.notFromAReceiver().isEmpty()
                  ? "  (not '" + Answer.SUCCESS + "': Echat would send the push again)"
                  : ""));
      answer.notAReceiverLine().ifPresent(out::println);
      return answer.acknowledged() ? EchatCli.ACKNOWLEDGED : EchatCli.NOT_ACKNOWLEDGED;
    } catch (NotSent e) {
      spec.commandLine().getErr().println(e.getMessage());
      return EchatCli.NOT_SENT;
    } finally {
      out.flush();
    }
  }
}
