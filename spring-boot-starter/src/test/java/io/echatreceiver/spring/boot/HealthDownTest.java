package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.io.Closeable;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/** The health indicator turns DOWN when durable delivery's database cannot be read. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = HealthDownTest.Application.class,
    properties = {
      "echat.token=health-token",
      "echat.delivery=durable",
      "echat.create-tables=true",
      "spring.datasource.url=jdbc:h2:mem:echat-health-down;DB_CLOSE_DELAY=-1",
      "management.endpoint.health.show-details=always"
    })
@DirtiesContext
class HealthDownTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler handler() {
      return new RecordingHandler();
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired DataSource dataSource;

  @Test
  void theIndicatorIsDownOnceTheInboxsDataSourceIsClosed() throws Exception {
    String up = Echat.get(port, "/actuator/health/echat").body();
    assertThat(JsonPath.<String>read(up, "$.status")).isEqualTo("UP");
    assertThat(JsonPath.<String>read(up, "$.details.delivery")).isEqualTo("durable");

    ((Closeable) dataSource).close();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Echat.get(port, "/actuator/health/echat").statusCode() == 503);
    HttpResponse<String> response = Echat.get(port, "/actuator/health/echat");
    assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("DOWN");
    assertThat(JsonPath.<Map<String, Object>>read(response.body(), "$.details"))
        .containsEntry("delivery", "durable")
        .hasEntrySatisfying(
            "error",
            error ->
                assertThat((String) error)
                    .startsWith("java.sql.SQLException: HikariDataSource")
                    .endsWith("has been closed."))
        .doesNotContainKey("pending");
  }
}
