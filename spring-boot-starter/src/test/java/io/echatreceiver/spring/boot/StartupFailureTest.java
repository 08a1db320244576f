package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.support.StandardServletEnvironment;

/** What stops the application's start, and how the failure names the property. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler handler() {
      return new RecordingHandler();
    }
  }

  @Test
  void aMissingTokenStopsTheStartNamingTheProperty(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of())).isInstanceOf(RuntimeException.class);

    assertThat(output).contains("The Echat receiver cannot start: property 'echat.token'");
  }

  @Test
  void anInvalidValueIsNamedByItsProperty(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of(), "--echat.token=t", "--echat.max-attempts=3"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output).contains("The Echat receiver cannot start: property 'echat.max-attempts'");
  }

  @Test
  void anUnknownPropertyInTheApplicationsFileStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of(), "--spring.profiles.active=typo"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output).contains("The elements [echat.max-body-sise] were left unbound");
  }

  @Test
  void echatHandlersNamingNoHandlerBeanStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () -> start(Map.of(), "--echat.token=t", "--echat.handlers.handlr.on=staffPush"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: property "
                + "'echat.handlers.handlr': the application has no handler named 'handlr'");
  }

  @Test
  void aHandlerBeanWhoseNameIsNoHandlerNameStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Application.class, Dotted.class)
                    .run("--server.port=0", "--echat.token=t"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "PushHandler bean 'startupFailureTest.Dotted': a handler's "
                + "name 'startupFailureTest.Dotted' may have letters, digits, '_' and '-' only");
  }

  /** Registered as a source, under a name with a dot. */
  static class Dotted extends RecordingHandler {}

  @Test
  void aHandlerPropertyThatIsNoRoutingStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () -> start(Map.of(), "--echat.token=t", "--echat.handlers.handler.api-key=k"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: property "
                + "'echat.handlers.handler.api-key': a handler's properties are its routing only");
  }

  @Test
  void aHandlerMethodTakingNoPushStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Application.class, TakesText.class)
                    .run("--server.port=0", "--echat.token=t"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: @EchatHandler method "
                + "'TakesText.on' of bean 'startupFailureTest.TakesText': a handler method takes one "
                + "push (MsgReply, MsgSend, ChatSend, StaffPush or Push) and, optionally, the "
                + "Delivery; it takes [String]");
  }

  static class TakesText {
    @EchatHandler(name = "text")
    void on(String text) {}
  }

  @Test
  void aHandlerMethodsOnNamingAnotherTypeThanItsParameterStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Application.class, OnElsewhere.class)
                    .run("--server.port=0", "--echat.token=t"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: @EchatHandler(on) of "
                + "handler 'replies': 'staffPush/msgSend' is no push that method 'OnElsewhere.on' of "
                + "bean 'startupFailureTest.OnElsewhere' takes; its MsgReply parameter takes "
                + "staffPush/msgReply only");
  }

  static class OnElsewhere {
    @EchatHandler(name = "replies", on = "staffPush/msgSend")
    void on(io.echatreceiver.model.MsgReply reply) {}
  }

  @Test
  void echatHandlerOnAClassThatIsNoPushHandlerStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Application.class, NoHandler.class)
                    .run("--server.port=0", "--echat.token=t"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: bean "
                + "'startupFailureTest.NoHandler': @EchatHandler on a class makes a PushHandler bean a "
                + "handler, and NoHandler is no PushHandler");
  }

  @EchatHandler(on = "staffPush/msgReply")
  static class NoHandler {}

  @Test
  void aShortAdminSecretStopsTheStart(CapturedOutput output) {
    assertThatThrownBy(() -> start(Map.of(), "--echat.token=t", "--echat.admin.secret=too-short"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output)
        .contains(
            "The Echat receiver cannot start: property "
                + "'echat.admin.secret' must be at least 16 characters")
        .doesNotContain("too-short");
  }

  @Test
  void theWarsEnvironmentVariablesDoNotStopTheStart() {
    Map<String, Object> variables =
        Map.of(
            "ECHAT_TOKEN", "from-the-environment",
            "ECHAT_DATASOURCE", "java:comp/env/jdbc/echat",
            "ECHAT_MAX_BODY_SIZE", "2MiB",
            "ECHAT_TIMESTAMP_TOLERANCE", "off");

    try (ConfigurableApplicationContext context = start(variables)) {
      assertThat(context.getBean(EchatProperties.class).getToken())
          .containsExactly("from-the-environment");
    }
  }

  private static ConfigurableApplicationContext start(
      Map<String, Object> variables, String... args) {
    Map<String, Object> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("ECHAT_"));
    environment.putAll(variables);
    return new SpringApplicationBuilder(Application.class)
        .environment(
            new StandardServletEnvironment() {
              @Override
              public Map<String, Object> getSystemEnvironment() {
                return environment;
              }
            })
        .run(concat(args, "--server.port=0"));
  }

  private static String[] concat(String[] args, String last) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }
}
