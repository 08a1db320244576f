package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.config.ConfigException;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** A receiver that cannot work as configured does not start, and says why. */
class StartupTest {

  /** The init-params as a container hands them over, in a real Jetty servlet context. */
  static ServletConfig config(Map<String, String> params) {
    ServletContext context = new ServletContextHandler().getServletContext();
    return new ServletConfig() {
      @Override
      public String getServletName() {
        return "echat";
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }

  /**
   * What the operator reads in the log when the receiver cannot start. The container is shown a
   * fixed text only, since it may show its exception to whoever sends the next request.
   */
  static String failureOf(Map<String, String> params) {
    EchatReceiverServlet servlet = new EchatReceiverServlet();
    ServletException shown =
        assertThrows(ServletException.class, () -> servlet.init(config(params)));
    assertEquals(
        "The Echat receiver 'echat' cannot start; the server log says why", shown.getMessage());
    assertNull(shown.getCause());
    return assertThrows(ConfigException.class, servlet::start).getMessage();
  }

  @Test
  void aFailedStartShowsTheContainerNoConfigurationValue() {
    EchatReceiverServlet servlet = new EchatReceiverServlet();

    ServletException shown =
        assertThrows(
            ServletException.class,
            () ->
                servlet.init(
                    config(
                        Map.of(
                            "token",
                            "t",
                            "delivery",
                            "durable",
                            "createTables",
                            "false",
                            "jdbcUrl",
                            "jdbc:h2:mem:startup-secret;USER=sa;PASSWORD=hunter2"))));

    assertFalse(
        shown.getMessage().contains("hunter2") || shown.getMessage().contains("jdbc"),
        shown.getMessage());
    assertNull(shown.getCause());
  }

  @Test
  void refusesToStartWithoutToken() {
    assertEquals(
        "setting 'token' (init-param, context-param, environment variable ECHAT_TOKEN "
            + "or JNDI java:comp/env/echat/token) is required: the token set in Echat's settings "
            + "(更多设置 - 开放API)",
        failureOf(Map.of()));
  }

  @Test
  void refusesToStartWhenTheTokenPlaceholderIsNotSet() {
    String message = failureOf(Map.of("token", "${env:ECHAT_TEST_NEVER_SET_TOKEN}"));

    assertEquals("init-param 'token': ${env:ECHAT_TEST_NEVER_SET_TOKEN} is not set", message);
  }

  @Test
  void refusesToStartWhenAHandlerFailsToStart() {
    String message =
        failureOf(
            Map.of("token", "t", "handler.mail.class", TestHandlers.Unstartable.class.getName()));

    assertEquals(
        "handler 'mail' (io.echatreceiver.receiver.TestHandlers$Unstartable) failed to "
            + "start: "
            + "handler.mail.endpoint is not a URL",
        message);
  }

  @Test
  void refusesToStartWithAHandlerThatHasNoPublicConstructor() {
    String message = failureOf(Map.of("token", "t", "handler.x.class", Hidden.class.getName()));

    assertEquals(
        "init-param 'handler.x.class': io.echatreceiver.receiver.StartupTest$Hidden "
            + "cannot be created: java.lang.IllegalAccessException: class "
            + "io.echatreceiver.receiver.HandlerStarter cannot access a member of class "
            + "io.echatreceiver.receiver.StartupTest$Hidden with modifiers "
            + "\"private\"",
        message);
  }

  @Test
  void closesHandlersAlreadyStartedWhenALaterOneFails() {
    TestHandlers.Probe probe = TestHandlers.newProbe();

    failureOf(
        Map.of(
            "token",
            "t",
            "handler.a.class",
            TestHandlers.Recording.class.getName(),
            "handler.a.probe",
            probe.id,
            "handler.b.class",
            TestHandlers.Unstartable.class.getName()));

    assertEquals(true, probe.closed);
  }

  /** A handler the receiver cannot create. */
  public static final class Hidden implements PushHandler {
    private Hidden() {}

    @Override
    public void handle(io.echatreceiver.model.Push push, Delivery delivery) {}
  }
}
