package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin servlet stays in the application's Spring Security chain: the application decides who
 * reaches it, and the console lets in the users of echat.admin.role.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = AdminBehindSecurityTest.Application.class,
    properties = {
      "echat.token=admin-token",
      "echat.admin.secret=" + AdminBehindSecurityTest.SECRET,
      "echat.admin.role=OPS"
    })
class AdminBehindSecurityTest {

  static final String SECRET = "an-admin-secret-of-the-tests";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler handler() {
      return new RecordingHandler();
    }

    /** The application's own chain: its operators sign in with HTTP Basic. */
    @Bean
    SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests ->
                  requests
                      .requestMatchers("/echat-admin/**")
                      .hasRole("OPS")
                      .anyRequest()
                      .authenticated())
          .httpBasic(Customizer.withDefaults())
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ops").password("{noop}ops-password").roles("OPS").build(),
          User.withUsername("dev").password("{noop}dev-password").roles("DEV").build());
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Test
  void theAdminPathAsksTheApplicationsLoginFirst() throws Exception {
    HttpResponse<String> response = get("/echat-admin/health", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));
  }

  @Test
  void aUserTheApplicationKeepsFromTheAdminPathIsRefusedByIt() throws Exception {
    HttpResponse<String> response = get("/echat-admin/console", basic("dev", "dev-password"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).doesNotContain("Echat");
  }

  @Test
  void aUserInTheAdminRoleIsLetIntoTheConsoleWithoutTheSecret() throws Exception {
    HttpResponse<String> response = get("/echat-admin/console", basic("ops", "ops-password"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body())
        .contains("<title>Echat receiver console</title>")
        .doesNotContain("type=\"password\"");
  }

  @Test
  void echatsPathStaysOutsideTheApplicationsChain() throws Exception {
    HttpResponse<String> response =
        Echat.send(
            port,
            "/echat",
            EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
                .token("admin-token")
                .build());

    assertThat(response.body()).isEqualTo("success");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
