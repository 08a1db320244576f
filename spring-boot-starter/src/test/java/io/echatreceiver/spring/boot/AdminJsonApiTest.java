package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin JSON API, where the application's chain lets scripts reach the admin path and the admin
 * secret guards it; it reads the receiver's metrics through the servlet context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = AdminJsonApiTest.Application.class,
    properties = {
      "echat.token=api-token",
      "echat.admin.path=/ops/echat",
      "echat.admin.secret=" + AdminJsonApiTest.SECRET
    })
class AdminJsonApiTest {

  static final String SECRET = "another-admin-secret-of-the-tests";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler handler() {
      return new RecordingHandler();
    }

    /** The application's choice: its scripts reach the admin API with the admin secret. */
    @Bean
    SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              requests ->
                  requests
                      .requestMatchers("/ops/echat/**")
                      .permitAll()
                      .anyRequest()
                      .authenticated())
          .httpBasic(Customizer.withDefaults())
          .build();
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Test
  void theJsonApiCountsThePushesTheReceiverTook() throws Exception {
    Echat.send(
        port,
        "/echat",
        EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
            .token("api-token")
            .build());

    HttpResponse<String> response = get("/ops/echat/metrics", "Bearer " + SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).containsPattern("\"received\":[1-9]");
  }

  @Test
  void theJsonApiSaysInlineDeliveryHasNoInbox() throws Exception {
    HttpResponse<String> response = get("/ops/echat/health", "Bearer " + SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("inline");
  }

  @Test
  void theJsonApiRefusesAWrongSecret() throws Exception {
    HttpResponse<String> response = get("/ops/echat/health", "Bearer not-the-admin-secret");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Missing or wrong admin secret");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
