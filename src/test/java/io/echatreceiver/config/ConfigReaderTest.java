package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.channel.LogHandler;
import io.echatreceiver.model.PushType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every init-param is read once, validated, and every error names it. */
class ConfigReaderTest {

  private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  private static ReceiverConfig read(Map<String, String> params) throws ConfigException {
    return ConfigReader.read(params, ConfigReaderTest.class.getClassLoader());
  }

  private static Map<String, String> with(String... pairs) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  private static void assertRefused(String message, Map<String, String> params) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(params));
    assertEquals(message, e.getMessage());
  }

  @Test
  void readsTheDefaults() throws Exception {
    ReceiverConfig config = read(with("token", "t"));

    Account account = config.accounts().select(Optional.empty()).orElseThrow();
    assertEquals(List.of("t"), account.tokens());
    assertEquals(EncryptionMode.PLAIN, account.mode());
    assertEquals(Optional.of(Duration.ofMinutes(5)), config.timestampTolerance());
    assertTrue(config.replayProtection());
    assertEquals(1024 * 1024, config.maxBodyBytes());
    assertEquals(Duration.ofHours(48), config.dedupeRetention());
    assertEquals(List.of(), config.handlers());
  }

  @Test
  void readsEverySetting() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "a, b",
                "aesKey",
                KEY,
                "appId",
                "wx1",
                "timestampTolerance",
                "90s",
                "replayProtection",
                "off",
                "nonceCacheSize",
                "7",
                "maxBodySize",
                "64KiB",
                "bodyReadTimeout",
                "3s",
                "maxElementDepth",
                "9",
                "maxElementCount",
                "99",
                "maxTextLength",
                "1KiB",
                "dedupeCacheSize",
                "5",
                "dedupeRetention",
                "7d",
                "quarantineDirectory",
                "/var/echat/quarantine"));

    Account account = config.accounts().select(Optional.empty()).orElseThrow();
    assertEquals(List.of("a", "b"), account.tokens());
    assertEquals(EncryptionMode.SAFE, account.mode());
    assertEquals(Optional.of(Duration.ofSeconds(90)), config.timestampTolerance());
    assertFalse(config.replayProtection());
    assertEquals(7, config.nonceCapacity());
    assertEquals(64 * 1024, config.maxBodyBytes());
    assertEquals(Duration.ofSeconds(3), config.bodyReadTimeout());
    assertEquals(9, config.xmlLimits().maxDepth());
    assertEquals(99, config.xmlLimits().maxElements());
    assertEquals(1024, config.xmlLimits().maxTextLength());
    assertEquals(5, config.dedupeCapacity());
    assertEquals(Duration.ofDays(7), config.dedupeRetention());
    assertEquals("/var/echat/quarantine", config.quarantineDirectory().toString());
  }

  @Test
  void timestampCheckCanBeSwitchedOff() throws Exception {
    assertEquals(
        Optional.empty(),
        read(with("token", "t", "timestampTolerance", "off")).timestampTolerance());
  }

  @Test
  void selectsTheCompanyBlockByCompanyIdAndFallsBackToTheDefault() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "default-token",
                "company.60.token",
                "t60",
                "company.61.token",
                "t61",
                "company.61.aesKey",
                KEY,
                "company.61.appId",
                "wx61",
                "company.61.mode",
                "safe"));

    assertEquals("60", config.accounts().select(Optional.of("60")).orElseThrow().name());
    Account safe = config.accounts().select(Optional.of("61")).orElseThrow();
    assertEquals(EncryptionMode.SAFE, safe.mode());
    assertEquals("default", config.accounts().select(Optional.of("99")).orElseThrow().name());
    assertEquals("default", config.accounts().select(Optional.empty()).orElseThrow().name());
  }

  @Test
  void companyBlocksAloneLeaveOtherRequestsWithoutAccount() throws Exception {
    ReceiverConfig config = read(with("company.60.token", "t60"));

    assertEquals(Optional.empty(), config.accounts().select(Optional.empty()));
  }

  @Test
  void bindsHandlersWithTheirOwnParams() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "t",
                "handler.log.class",
                LogHandler.class.getName(),
                "handler.log.on",
                "staffPush/msgReply, chatStart",
                "handler.log.replyChannel",
                "email",
                "handler.log.logger",
                "echat.pushes"));

    HandlerSpec spec = config.handlers().get(0);
    assertEquals("log", spec.name());
    assertEquals(LogHandler.class, spec.type());
    assertEquals(Map.of("logger", "echat.pushes"), spec.params());
    assertEquals(2, spec.binding().selectors().size());
    assertEquals(java.util.Set.of("email"), spec.binding().replyChannels());
    assertTrue(spec.binding().selectors().get(1).matches(PushType.of("chatStart")));
  }

  @Test
  void resolvesPlaceholdersBeforeReading() throws Exception {
    System.setProperty("echat.test.token", "from-system");
    try {
      ReceiverConfig config = read(with("token", "${sys:echat.test.token}"));
      assertEquals(
          List.of("from-system"),
          config.accounts().select(Optional.empty()).orElseThrow().tokens());
    } finally {
      System.clearProperty("echat.test.token");
    }
  }

  @Test
  void emptyPlaceholderDefaultMeansNotSet() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "t",
                "aesKey",
                "${sys:echat.test.none:-}",
                "appId",
                "${sys:echat.test.none:-}"));

    assertEquals(
        EncryptionMode.PLAIN, config.accounts().select(Optional.empty()).orElseThrow().mode());
  }

  @Test
  void missingToken() {
    assertRefused(
        "init-param 'token' is required: the token set in Echat's settings " + "(更多设置 - 开放API)",
        with());
  }

  @Test
  void missingTokenBesideAesKey() {
    assertRefused("init-param 'token' is required with 'aesKey'", with("aesKey", KEY));
  }

  @Test
  void missingCompanyToken() {
    assertRefused(
        "init-param 'company.60.token' is required", with("token", "t", "company.60.appId", "x"));
  }

  @Test
  void unknownCompanyKey() {
    assertRefused(
        "Unknown init-param 'company.60.secret': a company block has token, aesKey, "
            + "appId and mode",
        with("token", "t", "company.60.secret", "x"));
  }

  @Test
  void unknownInitParam() {
    assertRefused(
        "Unknown init-param 'tokn'; did you mean 'token'?", with("token", "t", "tokn", "x"));
  }

  @Test
  void aesKeyOfWrongLengthNeverShowingTheKey() {
    String shortKey = KEY.substring(1);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> read(with("token", "t", "aesKey", shortKey, "appId", "wx")));

    assertEquals(
        "init-param 'aesKey': EncodingAESKey must be 43 characters, was 42", e.getMessage());
    assertFalse(e.getMessage().contains(shortKey));
  }

  @Test
  void secondAesKeyOutsideTheAlphabet() {
    String badKey = KEY.substring(0, 42) + "!";
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> read(with("token", "t", "aesKey", KEY + "," + badKey, "appId", "wx")));

    assertEquals(
        "init-param 'aesKey': key 2 of 2: EncodingAESKey contains a character outside "
            + "the Base64 alphabet at position 43",
        e.getMessage());
    assertFalse(e.getMessage().contains(badKey));
  }

  @Test
  void aesKeyWithoutAppId() {
    assertRefused(
        "init-param 'appId' is required with 'aesKey': Echat's open-API appId ends "
            + "every encrypted push",
        with("token", "t", "aesKey", KEY));
  }

  @Test
  void safeModeWithoutKey() {
    assertRefused(
        "init-param 'mode' is safe but 'aesKey' is not set", with("token", "t", "mode", "safe"));
  }

  @Test
  void unknownMode() {
    assertRefused(
        "init-param 'mode' was set to 'secure', must be plain, safe or both",
        with("token", "t", "mode", "secure"));
  }

  @Test
  void toleranceThatIsNotADuration() {
    assertRefused(
        "init-param 'timestampTolerance' was set to 'soon', must be a positive "
            + "duration such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        with("token", "t", "timestampTolerance", "soon"));
  }

  @Test
  void replayProtectionThatIsNotOnOrOff() {
    assertRefused(
        "init-param 'replayProtection' was set to 'maybe', must be 'on' or 'off'",
        with("token", "t", "replayProtection", "maybe"));
  }

  @Test
  void bodySizeThatIsNotASize() {
    assertRefused(
        "init-param 'maxBodySize' was set to '1GB!', must be a size such as "
            + "1048576, 512KiB or 1MiB",
        with("token", "t", "maxBodySize", "1GB!"));
  }

  @Test
  void cacheSizeThatIsNotPositive() {
    assertRefused(
        "init-param 'dedupeCacheSize' was set to '0', must be a positive whole number",
        with("token", "t", "dedupeCacheSize", "0"));
  }

  @Test
  void bindsHandlersByVisitorTypeNameOrCodeAndChatChannel() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "t",
                "handler.log.class",
                LogHandler.class.getName(),
                "handler.log.visitorType",
                "member, 4, custom",
                "handler.log.chatChannel",
                "mobile"));

    assertEquals(java.util.Set.of(1, 4, 5), config.handlers().get(0).binding().visitorTypes());
    assertEquals(java.util.Set.of("mobile"), config.handlers().get(0).binding().chatChannels());
    assertEquals(
        "on=* visitorType=1,4,5 chatChannel=mobile", config.handlers().get(0).binding().toString());
  }

  @Test
  void visitorTypeThatIsNeitherCodeNorName() {
    assertRefused(
        "init-param 'handler.log.visitorType' was set to 'vip', must be visitor type "
            + "codes or names: UNKNOWN (-1), WEB_GUEST (0), MEMBER (1), SDK_GUEST (2), WECHAT (4), "
            + "CUSTOM (5)",
        with(
            "token",
            "t",
            "handler.log.class",
            LogHandler.class.getName(),
            "handler.log.visitorType",
            "vip"));
  }

  @Test
  void handlerWithoutClass() {
    assertRefused(
        "init-param 'handler.mail.class' is required", with("token", "t", "handler.mail.on", "*"));
  }

  @Test
  void handlerClassNotFound() {
    assertRefused(
        "init-param 'handler.mail.class': class com.example.Missing was not found",
        with("token", "t", "handler.mail.class", "com.example.Missing"));
  }

  @Test
  void handlerClassThatIsNoHandler() {
    assertRefused(
        "init-param 'handler.mail.class': class java.lang.String does not implement "
            + "io.echatreceiver.PushHandler",
        with("token", "t", "handler.mail.class", "java.lang.String"));
  }

  @Test
  void handlerBoundToSomethingThatIsNotASelector() {
    assertRefused(
        "init-param 'handler.log.on': 'a/b/c' is not '*', 'dataType' or " + "'dataType/msgType'",
        with(
            "token",
            "t",
            "handler.log.class",
            LogHandler.class.getName(),
            "handler.log.on",
            "a/b/c"));
  }

  @Test
  void handlerNameWithADot() {
    assertRefused(
        "init-param 'handler.my mail.class': a handler name has letters, digits, "
            + "'_' and '-' only",
        with("token", "t", "handler.my mail.class", "x"));
  }

  @Test
  void inlineDeliveryIsTheDefault() throws Exception {
    assertEquals(Optional.empty(), read(with("token", "t")).durable());
  }

  @Test
  void readsDurableSettings() throws Exception {
    ReceiverConfig config =
        read(
            with(
                "token",
                "t",
                "delivery",
                "durable",
                "jdbcUrl",
                "jdbc:postgresql://db/echat",
                "jdbcUser",
                "echat",
                "jdbcPassword",
                "secret",
                "workers",
                "8",
                "pollInterval",
                "500ms",
                "leaseDuration",
                "2m",
                "maxAttempts",
                "5",
                "maxAge",
                "1d",
                "retryBackoff",
                "30s",
                "maxBackoff",
                "2h",
                "circuitBreakerThreshold",
                "7",
                "circuitBreakerPause",
                "5m",
                "retention",
                "30d",
                "shutdownGrace",
                "20s",
                "handler.log.class",
                LogHandler.class.getName(),
                "handler.log.concurrency",
                "2"));

    var durable = config.durable().orElseThrow();
    assertEquals(Optional.of("jdbc:postgresql://db/echat"), durable.jdbcUrl());
    assertEquals(Optional.of("echat"), durable.jdbcUser());
    assertFalse(durable.createTables());
    assertEquals(8, durable.workers());
    assertEquals(Duration.ofMillis(500), durable.pollInterval());
    assertEquals(Duration.ofMinutes(2), durable.lease());
    assertEquals(5, durable.maxAttempts());
    assertEquals(Duration.ofDays(1), durable.maxAge());
    assertEquals(Duration.ofSeconds(30), durable.retryBackoff());
    assertEquals(Duration.ofHours(2), durable.maxBackoff());
    assertEquals(7, durable.breakerThreshold());
    assertEquals(Duration.ofMinutes(5), durable.breakerPause());
    assertEquals(Duration.ofDays(30), durable.retention());
    assertEquals(Duration.ofSeconds(20), durable.shutdownGrace());
    assertEquals(Map.of("log", 2), durable.concurrency());
    assertEquals(Map.of(), config.handlers().get(0).params());
    assertFalse(durable.toString().contains("secret"));
  }

  @Test
  void durableWithoutDatabaseUsesEmbeddedH2AndCreatesItsTables() throws Exception {
    var durable = read(with("token", "t", "delivery", "durable")).durable().orElseThrow();

    assertTrue(durable.jdbcUrl().orElseThrow().startsWith("jdbc:h2:file:"));
    assertTrue(durable.createTables());
  }

  @Test
  void durableWithAContainerDataSource() throws Exception {
    var durable =
        read(with("token", "t", "delivery", "durable", "dataSource", "java:comp/env/jdbc/echat"))
            .durable()
            .orElseThrow();

    assertEquals(Optional.of("java:comp/env/jdbc/echat"), durable.dataSourceName());
    assertEquals(Optional.empty(), durable.jdbcUrl());
  }

  @Test
  void databaseTimeoutIsFiveSecondsUnlessSet() throws Exception {
    assertEquals(
        Duration.ofSeconds(5),
        read(with("token", "t", "delivery", "durable")).durable().orElseThrow().databaseTimeout());
    assertEquals(
        Duration.ofMillis(1500),
        read(with("token", "t", "delivery", "durable", "databaseTimeout", "1500ms"))
            .durable()
            .orElseThrow()
            .databaseTimeout());
  }

  @Test
  void databaseTimeoutBelowAQuarterSecondIsRaisedToIt() throws Exception {
    assertEquals(
        Duration.ofMillis(250),
        read(with("token", "t", "delivery", "durable", "databaseTimeout", "10ms"))
            .durable()
            .orElseThrow()
            .databaseTimeout());
  }

  @Test
  void databaseTimeout_notADuration() {
    assertRefused(
        "init-param 'databaseTimeout' was set to 'soon', must be a positive duration "
            + "such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        with("token", "t", "delivery", "durable", "databaseTimeout", "soon"));
  }

  @Test
  void databaseTimeoutNeedsDurableDelivery() {
    assertRefused(
        "init-param 'databaseTimeout' needs 'delivery' set to durable",
        with("token", "t", "databaseTimeout", "2s"));
  }

  @Test
  void unknownDeliveryMode() {
    assertRefused(
        "init-param 'delivery' was set to 'async', must be inline or durable",
        with("token", "t", "delivery", "async"));
  }

  @Test
  void durableSettingWithoutDurableDelivery() {
    assertRefused(
        "init-param 'workers' needs 'delivery' set to durable", with("token", "t", "workers", "4"));
  }

  @Test
  void handlerConcurrencyWithoutDurableDelivery() {
    assertRefused(
        "init-param 'handler.log.concurrency' needs 'delivery' set to durable",
        with(
            "token",
            "t",
            "handler.log.class",
            LogHandler.class.getName(),
            "handler.log.concurrency",
            "1"));
  }

  @Test
  void dataSourceAndJdbcUrlTogether() {
    assertRefused(
        "init-params 'dataSource' and 'jdbcUrl' exclude each other: name a container "
            + "DataSource or give a JDBC URL",
        with(
            "token",
            "t",
            "delivery",
            "durable",
            "dataSource",
            "java:comp/env/jdbc/echat",
            "jdbcUrl",
            "jdbc:h2:mem:x"));
  }

  @Test
  void jdbcUrlThatIsNotOne() {
    assertRefused(
        "init-param 'jdbcUrl' was set to 'postgres://db', must be a JDBC URL such as "
            + "jdbc:postgresql://db:5432/echat",
        with("token", "t", "delivery", "durable", "jdbcUrl", "postgres://db"));
  }

  @Test
  void secretsAreRecognisedForMasking() {
    assertTrue(ConfigReader.isSecret("token"));
    assertTrue(ConfigReader.isSecret("company.60.aesKey"));
    assertTrue(ConfigReader.isSecret("handler.mail.password"));
    assertTrue(ConfigReader.isSecret("handler.sms.apiPwd"));
    assertTrue(ConfigReader.isSecret("handler.forward.header.X-Trace"), "any header");
    assertFalse(ConfigReader.isSecret("handler.mail.host"));
    assertFalse(ConfigReader.isSecret("appId"));
  }

  @Test
  void effectiveConfigurationMasksHeadersUrlUserInfoAndPasswordParameters() {
    Map<String, String> params =
        with(
            "token", "myToken",
            "jdbcUrl",
                "jdbc:postgresql://echat:db-pass-1@db:5432/echat?sslmode=require"
                    + "&PassWord=db-pass-2",
            "jdbcPassword", "db-pass-3",
            "handler.forward.header.Authorization", "Bearer fwd-bearer",
            "handler.forward.header.X-Tenant", "tenant-7",
            "handler.forward.url", "https://hook:fwd-pass@hooks.example/echat?api_key=fwd-key&x=1",
            "handler.legacy.url", "jdbc:sqlserver://db;user=sa;PWD=db-pass-4;encrypt=true",
            "handler.oracle.url", "jdbc:oracle:thin:scott/db-pass-5@db:1521/echat",
            "handler.inbox.on", "staffPush");

    String dump = ConfigReader.effectiveConfiguration(params);

    assertEquals(
        """
        Echat receiver configuration:
          handler.forward.header.Authorization=<masked>
          handler.forward.header.X-Tenant=<masked>
          handler.forward.url=https://<masked>@hooks.example/echat?api_key=<masked>&x=1
          handler.inbox.on=staffPush
          handler.legacy.url=jdbc:sqlserver://db;user=sa;PWD=<masked>;encrypt=true
          handler.oracle.url=jdbc:oracle:thin:<masked>@db:1521/echat
          jdbcPassword=<masked>
          jdbcUrl=jdbc:postgresql://<masked>@db:5432/echat?sslmode=require&PassWord=<masked>
          token=<masked>""",
        dump);
  }

  @Test
  void displayValueMasksEveryPasswordLikeParameterWhateverItsCase() {
    assertEquals(
        "https://hooks.example/in?Token=<masked>&SECRET=<masked>&pwd=<masked>"
            + "&access_key=<masked>&passwd=<masked>&sig=<masked>&page=2",
        ConfigReader.displayValue(
            "handler.forward.url",
            "https://hooks.example/in?Token=a"
                + "&SECRET=b&pwd=c&access_key=d&passwd=e&sig=f&page=2"));
    assertEquals(
        "jdbc:h2:file:/var/echat/inbox",
        ConfigReader.displayValue("jdbcUrl", "jdbc:h2:file:/var/echat/inbox"),
        "nothing to mask");
    assertEquals("", ConfigReader.displayValue("token", ""), "an empty value is not a secret");
  }

  @Test
  void aBadValueIsQuotedMaskedInTheMessage() {
    assertRefused(
        "init-param 'jdbcUrl' was set to 'postgres://<masked>@db/echat', must be a "
            + "JDBC URL such as jdbc:postgresql://db:5432/echat",
        with(
            "token", "t", "delivery", "durable", "jdbcUrl", "postgres://echat:db-pass-1@db/echat"));
    ConfigException secret =
        assertThrows(ConfigException.class, () -> Values.onOff("handler.sms.apiKey", "key-1234"));
    assertEquals(
        "init-param 'handler.sms.apiKey' was set to '<masked>', must be 'on' or 'off'",
        secret.getMessage());
  }

  @Test
  void micrometerRegistryIsTheGlobalOneUnlessNamedOrOff() throws ConfigException {
    assertEquals(
        Optional.of(new MicrometerSetting(Optional.empty(), false)),
        read(with("token", "t")).micrometer(),
        "by default, if Micrometer is there");
    assertEquals(
        Optional.of(new MicrometerSetting(Optional.empty(), true)),
        read(with("token", "t", "micrometerRegistry", "GLOBAL")).micrometer());
    assertEquals(
        Optional.of(new MicrometerSetting(Optional.of("app.registry"), true)),
        read(with("token", "t", "micrometerRegistry", "app.registry")).micrometer());
    assertEquals(
        Optional.empty(), read(with("token", "t", "micrometerRegistry", "off")).micrometer());
  }
}
