package io.echatreceiver.demo;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;

/**
 * The demo's last servlet to start ({@code mvn jetty:run}): once the receiver and the admin servlet
 * have started, it prints one line that says where they answer and which secrets the demo uses. It
 * answers no request. It lives beside the demo's descriptor, never in the WAR.
 */
public final class DemoReadyLine extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Where the demo listens, as the pom's jetty plugin sets it from {@code jetty.http.port}. */
  static final String ADDRESS_PROPERTY = "echat.demo.address";

  @Override
  public void init() {
    ServletContext context = getServletContext();
    String base =
        System.getProperty(ADDRESS_PROPERTY, "http://127.0.0.1:8080") + context.getContextPath();
    // The demo descriptor's own fallbacks, used when the environment does not set them.
    String token = secret("ECHAT_TOKEN", "demo-token");
    String adminSecret = secret("ECHAT_ADMIN_SECRET", "demo-admin-secret-0000");
    System.out.println(
        "Echat demo ready: receiver "
            + base
            + path(context, "echat", "")
            + " (token "
            + token
            + "), console "
            + base
            + path(context, "echat-admin", "/console")
            + " (admin secret "
            + adminSecret
            + "); send it a push: java -jar "
            + "target/echat-receiver-cli.jar send --url "
            + base
            + path(context, "echat", "")
            + (token.startsWith("$") ? "" : " --token " + token)
            + "; Ctrl-C stops it");
  }

  /** The demo secret, or the variable that replaces it, never the variable's value. */
  private static String secret(String variable, String demoValue) {
    return System.getenv(variable) == null ? demoValue : "$" + variable;
  }

  /** A servlet's first mapping, its {@code /*} taken off, with what follows it there. */
  private static String path(ServletContext context, String servlet, String below) {
    ServletRegistration registration = context.getServletRegistration(servlet);
    String mapping =
        registration == null
            ? "/" + servlet
            : registration.getMappings().stream().findFirst().orElse("/" + servlet);
    return (mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : mapping) + below;
  }
}
