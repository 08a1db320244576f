package io.echatreceiver.bench.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers how many pushes the {@link NoOpHandler}s named by the parameter {@code handler} have
 * handled, for the load driver to compare with the requests it sent: a request answered {@code
 * success} without its handler running was taken for a duplicate.
 */
final class HandledServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String handler = request.getParameter("handler");
    if (handler == null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, "parameter 'handler' is missing");
      return;
    }
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().println(NoOpHandler.handled(handler));
  }
}
