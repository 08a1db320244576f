import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends one signed push, as Echat would, to a running receiver: plain, or encrypted when
 * ECHAT_AES_KEY and ECHAT_APP_ID are set. Run it through send-push.sh beside it.
 *
 * <p>Arguments: [url] [msgReply|msgSend|chatSend|checkUrl] [xml file]; defaults:
 * http://127.0.0.1:8080/echat msgReply (the spec's sample). ECHAT_TOKEN defaults to demo-token.
 */
public class SendPush {
  public static void main(String[] args) throws Exception {
    URI url = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080/echat");
    String msgType = args.length > 1 ? args[1] : "msgReply";
    String token = env("ECHAT_TOKEN", "demo-token");
    String aesKey = env("ECHAT_AES_KEY", "");
    String appId = env("ECHAT_APP_ID", "");

    EchatRequest request;
    if (msgType.equals("checkUrl")) {
      request = EchatRequests.checkUrl("echo-" + System.nanoTime()).token(token).build();
    } else {
      PushType type = PushType.staffPush(msgType);
      String xml = args.length > 2 ? Files.readString(Path.of(args[2])) : Samples.of(type);
      EchatRequests.Builder builder = EchatRequests.push(type, xml).token(token);
      if (!aesKey.isEmpty()) {
        builder.encrypt(aesKey, appId);
      }
      request = builder.build();
    }
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(request.httpRequest(url), HttpResponse.BodyHandlers.ofString());
    System.out.println(request.method() + " " + request.uri(url) + (aesKey.isEmpty()
        ? " (plain)" : " (encrypted)"));
    System.out.println(response.statusCode() + " " + response.body());
    System.exit(response.statusCode() == 200 ? 0 : 1);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
