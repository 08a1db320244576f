package io.echatreceiver.bench.http;

import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.bench.WoodstoxWalk;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * The floor any receiver stands on: walks the body with Woodstox into a {@code HashMap} as it
 * streams in ({@link WoodstoxWalk}), checks nothing, and answers {@code success} as the no-op
 * servlet does. What the receiver costs beyond it is verification, typing, dedupe and delivery.
 */
public final class WalkServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final byte[] SUCCESS = "success".getBytes(StandardCharsets.UTF_8);

  private final transient WstxInputFactory woodstox = new WstxInputFactory();

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, String> fields;
    try (InputStream in = request.getInputStream()) {
      fields = WoodstoxWalk.intoHashMap(woodstox, in);
    } catch (XMLStreamException e) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
      return;
    }
    if (fields.isEmpty()) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "no fields");
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(SUCCESS.length);
    response.getOutputStream().write(SUCCESS);
  }
}
