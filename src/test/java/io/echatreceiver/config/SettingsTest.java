package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.channel.LogHandler;
import io.echatreceiver.route.PushSelector;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.NamingException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/**
 * A setting is the servlet's init-param, else a context-param, else an environment variable, else a
 * JNDI entry; a message names the source the value came from.
 */
class SettingsTest {

  private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  private static Settings settings(
      Map<String, String> initParams,
      Map<String, String> contextParams,
      Map<String, String> environment,
      Map<String, String> jndi) {
    return new Settings(initParams, contextParams, environment::get, jndi);
  }

  private static ReceiverConfig read(Settings settings) throws ConfigException {
    try {
      return ConfigReader.read(settings, SettingsTest.class.getClassLoader());
    } catch (ConfigException e) {
      throw settings.explain(e);
    }
  }

  private static String failure(Settings settings) {
    return assertThrows(ConfigException.class, () -> read(settings)).getMessage();
  }

  @Test
  void anInitParamComesBeforeAContextParamBeforeTheEnvironmentBeforeJndi() {
    Settings settings =
        settings(
            Map.of("workers", "1"),
            Map.of("workers", "2", "retention", "2d", "pollInterval", "2s"),
            Map.of(
                "ECHAT_WORKERS",
                "3",
                "ECHAT_RETENTION",
                "3d",
                "ECHAT_POLL_INTERVAL",
                "3s",
                "ECHAT_MAX_AGE",
                "3d"),
            Map.of(
                "workers",
                "4",
                "retention",
                "4d",
                "pollInterval",
                "4s",
                "maxAge",
                "4d",
                "maxAttempts",
                "4"));

    assertEquals(
        Optional.of(new Settings.Setting("workers", "1", "init-param 'workers'")),
        settings.get("workers"));
    assertEquals(
        Optional.of(new Settings.Setting("retention", "2d", "context-param 'retention'")),
        settings.get("retention"));
    assertEquals(
        Optional.of(new Settings.Setting("maxAge", "3d", "environment variable ECHAT_MAX_AGE")),
        settings.get("maxAge"));
    assertEquals(
        Optional.of(
            new Settings.Setting("maxAttempts", "4", "JNDI java:comp/env/echat/maxAttempts")),
        settings.get("maxAttempts"));
    assertEquals(Optional.empty(), settings.get("shutdownGrace"));
  }

  @Test
  void anEmptyValueIsNotSetAndTheNextSourceIsAsked() {
    Settings settings =
        settings(
            Map.of("delivery", ""),
            Map.of("delivery", " "),
            Map.of("ECHAT_DELIVERY", ""),
            Map.of("delivery", "durable"));

    assertEquals(
        "JNDI java:comp/env/echat/delivery", settings.get("delivery").orElseThrow().source());
  }

  @Test
  void environmentVariablesAreEchatAndTheNameInUpperSnakeCase() {
    assertEquals("ECHAT_MAX_BODY_SIZE", Settings.environmentVariable("maxBodySize"));
    assertEquals("ECHAT_DATASOURCE", Settings.environmentVariable("dataSource"));
    assertEquals("ECHAT_JDBC_URL", Settings.environmentVariable("jdbcUrl"));
    assertEquals("ECHAT_CREATE_TABLES", Settings.environmentVariable("createTables"));
    assertEquals("ECHAT_AES_KEY", Settings.environmentVariable("aesKey"));
    assertEquals("ECHAT_TOKEN", Settings.environmentVariable("token"));
    assertEquals("ECHAT_ADMIN_SECRET", Settings.environmentVariable("adminSecret"));
  }

  @Test
  void theReceiverStartsFromTheEnvironmentAlone() throws Exception {
    ReceiverConfig config =
        read(
            settings(
                Map.of(),
                Map.of(),
                Map.of(
                    "ECHAT_TOKEN",
                    "t",
                    "ECHAT_AES_KEY",
                    KEY,
                    "ECHAT_APP_ID",
                    "wx1",
                    "ECHAT_MAX_BODY_SIZE",
                    "64KiB",
                    "ECHAT_DELIVERY",
                    "durable",
                    "ECHAT_DATASOURCE",
                    "java:comp/env/jdbc/echat",
                    "ECHAT_CREATE_TABLES",
                    "true"),
                Map.of()));

    assertEquals(
        EncryptionMode.SAFE, config.accounts().select(Optional.empty()).orElseThrow().mode());
    assertEquals(64 * 1024, config.maxBodyBytes());
    assertEquals(
        Optional.of("java:comp/env/jdbc/echat"), config.durable().orElseThrow().dataSourceName());
    assertTrue(config.durable().orElseThrow().createTables());
  }

  @Test
  void handlersAndCompaniesComeFromContextParamsAndJndiButNotTheEnvironment() throws Exception {
    ReceiverConfig config =
        read(
            settings(
                Map.of("token", "t", "handler.log.class", LogHandler.class.getName()),
                Map.of(
                    "handler.log.on",
                    "staffPush",
                    "handler.extra.class",
                    LogHandler.class.getName(),
                    "company.60.token",
                    "c60",
                    "contextConfigLocation",
                    "/WEB-INF/someone-elses.xml"),
                Map.of("ECHAT_HANDLER_LOG_ON", "chatStart"),
                Map.of(
                    "handler.extra.on",
                    "chatStart",
                    "company.61.token",
                    "c61",
                    "adminSecret",
                    "the admin servlet's, not the receiver's")));

    assertEquals(
        List.of("extra", "log"), config.handlers().stream().map(HandlerSpec::name).toList());
    assertEquals(
        List.of(PushSelector.parse("staffPush")), config.handlers().get(1).binding().selectors());
    assertEquals(
        List.of(PushSelector.parse("chatStart")), config.handlers().get(0).binding().selectors());
    assertEquals(
        List.of("c60"), config.accounts().select(Optional.of("60")).orElseThrow().tokens());
    assertEquals(
        List.of("c61"), config.accounts().select(Optional.of("61")).orElseThrow().tokens());
  }

  @Test
  void anUnknownInitParamIsStillRefused() {
    assertEquals(
        "Unknown init-param 'tokn'; did you mean 'token'?",
        failure(settings(Map.of("tokn", "t"), Map.of(), Map.of("ECHAT_TOKEN", "t"), Map.of())));
  }

  @Test
  void aContextParamOrJndiEntryThatLooksLikeASettingIsLeftToWhomeverItBelongsTo() throws Exception {
    read(
        settings(
            Map.of("token", "t"),
            Map.of("maxbodysize", "1KiB", "tokn", "x"),
            Map.of(),
            Map.of("timestampTolerence", "1m", "workrs", "2")));
  }

  @Test
  void everyErrorOfSeveralNamesWhereItsValueCameFrom() {
    assertEquals(
        "3 configuration errors:\n"
            + "  - Unknown init-param 'maxbodysize'; did you mean 'maxBodySize'?\n"
            + "  - environment variable ECHAT_MAX_BODY_SIZE was set to 'lots', must be a size such "
            + "as 1048576, 512KiB or 1MiB\n"
            + "  - context-param 'workers' needs 'delivery' set to durable",
        failure(
            settings(
                Map.of("token", "t", "maxbodysize", "1KiB"),
                Map.of("workers", "2"),
                Map.of("ECHAT_MAX_BODY_SIZE", "lots"),
                Map.of())));
  }

  @Test
  void aBadValueNamesTheEnvironmentVariableItCameFrom() {
    assertEquals(
        "environment variable ECHAT_MAX_BODY_SIZE was set to 'lots', must be a size "
            + "such as 1048576, 512KiB or 1MiB",
        failure(
            settings(
                Map.of(),
                Map.of(),
                Map.of("ECHAT_TOKEN", "t", "ECHAT_MAX_BODY_SIZE", "lots"),
                Map.of())));
  }

  @Test
  void aBadValueNamesTheContextParamOrJndiEntryItCameFrom() {
    assertEquals(
        "context-param 'workers' was set to 'many', must be a positive whole number",
        failure(
            settings(
                Map.of("token", "t", "delivery", "durable"),
                Map.of("workers", "many"),
                Map.of(),
                Map.of())));
    assertEquals(
        "JNDI java:comp/env/echat/delivery was set to 'later', must be inline or " + "durable",
        failure(settings(Map.of("token", "t"), Map.of(), Map.of(), Map.of("delivery", "later"))));
  }

  @Test
  void aMissingSettingNamesEveryPlaceItMayBeSetIn() {
    assertEquals(
        "setting 'token' (init-param, context-param, environment variable ECHAT_TOKEN "
            + "or JNDI java:comp/env/echat/token) is required: the token set in Echat's settings "
            + "(更多设置 - 开放API)",
        failure(settings(Map.of(), Map.of(), Map.of(), Map.of())));
    assertEquals(
        "setting 'handler.mail.class' (init-param, context-param or JNDI "
            + "java:comp/env/echat/handler.mail.class) is required",
        failure(
            settings(Map.of("token", "t"), Map.of("handler.mail.on", "*"), Map.of(), Map.of())));
  }

  @Test
  void aSecretFromTheEnvironmentIsMaskedInTheEffectiveConfiguration() {
    String dump =
        ConfigReader.effectiveConfiguration(
            Map.of("token", "hunter2-token", "workers", "3"),
            Map.of("token", "environment variable ECHAT_TOKEN"));

    assertEquals(
        "Echat receiver configuration:\n"
            + "  token=<masked>  (environment variable ECHAT_TOKEN)\n"
            + "  workers=3",
        dump);
  }

  @Test
  void aMessageAboutAnInitParamStaysAsItIs() {
    Settings settings = settings(Map.of("workers", "x"), Map.of(), Map.of(), Map.of());
    ConfigException original = new ConfigException("init-param 'workers' was set to 'x'");

    assertSame(original, settings.explain(original));
  }

  @Test
  void readsContextParamsFromTheServletContext() throws Exception {
    ServletContextHandler handler = new ServletContextHandler();
    handler.setInitParameter("delivery", "durable");
    ServletContext context = handler.getServletContext();
    ServletConfig config =
        new ServletConfig() {
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
            return name.equals("token") ? "t" : null;
          }

          @Override
          public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(List.of("token"));
          }
        };

    Settings settings = Settings.of(config, name -> null, Map::of);

    assertEquals("context-param 'delivery'", settings.get("delivery").orElseThrow().source());
    assertEquals("init-param 'token'", settings.get("token").orElseThrow().source());
    ConfigException unreadable =
        assertThrows(
            ConfigException.class,
            () ->
                Settings.of(
                    config,
                    name -> null,
                    () -> {
                      throw new NamingException("broken");
                    }));
    assertEquals(
        "JNDI java:comp/env/echat could not be read: NamingException", unreadable.getMessage());
    assertFalse(unreadable.getMessage().contains("broken"));
  }
}
