package io.echatreceiver.bench.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: reads the body to its end and answers {@code success}, with the same headers as the
 * receiver's answer. Nothing less could answer Echat.
 */
public final class NoOpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final byte[] SUCCESS = "success".getBytes(StandardCharsets.UTF_8);

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // discard
      }
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(SUCCESS.length);
    response.getOutputStream().write(SUCCESS);
  }
}
