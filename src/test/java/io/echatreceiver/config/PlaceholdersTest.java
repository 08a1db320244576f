package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NoInitialContextException;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link Placeholders} over in-memory sources. */
final class PlaceholdersTest {

  private static final String SECRET = "s3cr3t-value";

  private final Map<String, String> environment = new HashMap<>();
  private final Map<String, String> systemProperties = new HashMap<>();
  private final Map<String, Object> jndiBindings = new HashMap<>();
  private final List<String> jndiLookups = new ArrayList<>();

  private final Placeholders placeholders =
      new Placeholders(environment::get, systemProperties::get, this::lookupJndi);

  private Object lookupJndi(String name) throws NameNotFoundException {
    jndiLookups.add(name);
    if (!jndiBindings.containsKey(name)) {
      throw new NameNotFoundException(name);
    }
    return jndiBindings.get(name);
  }

  private ConfigException failure(String value) {
    return assertThrows(ConfigException.class, () -> placeholders.resolve("token", value));
  }

  @Test
  void resolvesEnvironmentVariable() throws ConfigException {
    environment.put("ECHAT_TOKEN", SECRET);

    assertEquals(SECRET, placeholders.resolve("token", "${env:ECHAT_TOKEN}"));
  }

  @Test
  void resolvesSystemProperty() throws ConfigException {
    systemProperties.put("echat.token", SECRET);

    assertEquals(SECRET, placeholders.resolve("token", "${sys:echat.token}"));
  }

  @Test
  void resolvesJndiNameAsWrittenUsingToString() throws ConfigException {
    jndiBindings.put("java:comp/env/echat/token", new StringBuilder(SECRET));
    jndiBindings.put("echat/token", "unprefixed");

    assertEquals(SECRET, placeholders.resolve("token", "${jndi:java:comp/env/echat/token}"));
    assertEquals("unprefixed", placeholders.resolve("token", "${jndi:echat/token}"));
    assertEquals(List.of("java:comp/env/echat/token", "echat/token"), jndiLookups);
  }

  @Test
  void usesDefaultWhenEnvironmentVariableMissing() throws ConfigException {
    assertEquals("fallback", placeholders.resolve("token", "${env:ECHAT_TOKEN:-fallback}"));
  }

  @Test
  void usesDefaultWhenSystemPropertyMissing() throws ConfigException {
    assertEquals("fallback", placeholders.resolve("token", "${sys:echat.token:-fallback}"));
  }

  @Test
  void usesDefaultWhenJndiNameNotFound() throws ConfigException {
    assertEquals(
        "fallback", placeholders.resolve("token", "${jndi:java:comp/env/echat/token:-fallback}"));
  }

  @Test
  void usesDefaultWhenJndiNameIsBoundToNull() throws ConfigException {
    jndiBindings.put("java:comp/env/echat/token", null);

    assertEquals(
        "fallback", placeholders.resolve("token", "${jndi:java:comp/env/echat/token:-fallback}"));
  }

  @Test
  void splitsJndiNameFromDefaultAtFirstDefaultSeparator() throws ConfigException {
    assertEquals("a:-b", placeholders.resolve("token", "${jndi:java:comp/env/echat/token:-a:-b}"));
    assertEquals(List.of("java:comp/env/echat/token"), jndiLookups);
  }

  @Test
  void resolvesNestedPlaceholderInDefault() throws ConfigException {
    systemProperties.put("echat.token", SECRET);

    assertEquals(SECRET, placeholders.resolve("token", "${env:ECHAT_TOKEN:-${sys:echat.token}}"));
  }

  @Test
  void resolvesDefaultWithNestedPlaceholderAndLiteralText() throws ConfigException {
    systemProperties.put("echat.host", "example.org");

    assertEquals(
        "https://example.org/push",
        placeholders.resolve("url", "${env:ECHAT_URL:-https://${sys:echat.host}/push}"));
  }

  @Test
  void resolvesEmptyDefaultToEmptyString() throws ConfigException {
    assertEquals("", placeholders.resolve("token", "${env:ECHAT_TOKEN:-}"));
  }

  @Test
  void leavesDefaultUnresolvedWhenSourceHasValue() throws ConfigException {
    environment.put("ECHAT_TOKEN", SECRET);

    assertEquals(SECRET, placeholders.resolve("token", "${env:ECHAT_TOKEN:-${sys:missing}}"));
  }

  @Test
  void treatsSetButEmptyEnvironmentVariableAsValue() throws ConfigException {
    environment.put("ECHAT_TOKEN", "");

    assertEquals("", placeholders.resolve("token", "${env:ECHAT_TOKEN:-fallback}"));
  }

  @Test
  void resolvesSeveralPlaceholdersWithLiteralText() throws ConfigException {
    environment.put("A", "one");
    systemProperties.put("b", "two");

    assertEquals(
        "prefix-one-two-suffix", placeholders.resolve("p", "prefix-${env:A}-${sys:b}-suffix"));
  }

  @Test
  void turnsEscapedOpeningIntoLiteralText() throws ConfigException {
    environment.put("A", SECRET);

    assertEquals("${env:A}", placeholders.resolve("p", "$${env:A}"));
    assertEquals(
        "cost $5, ${literal} and " + SECRET,
        placeholders.resolve("p", "cost $5, $${literal} and ${env:A}"));
  }

  @Test
  void returnsSameInstanceWhenValueHasNoPlaceholder() throws ConfigException {
    Function<String, String> unused =
        name -> {
          throw new AssertionError("source consulted for " + name);
        };
    Placeholders untouched =
        new Placeholders(
            unused,
            unused,
            name -> {
              throw new AssertionError("JNDI consulted for " + name);
            });
    String value = "plain $ value with } and {";

    assertSame(value, untouched.resolve("p", value));
  }

  @Test
  void returnsNullForAbsentValue() throws ConfigException {
    assertNull(placeholders.resolve("p", null));
  }

  @Test
  void failsOnUnknownSource() {
    assertEquals(
        "init-param 'token': ${foo:x} has an unknown source; expected env, sys or jndi",
        failure("${foo:x}").getMessage());
  }

  @Test
  void failsOnPlaceholderWithoutSource() {
    assertEquals(
        "init-param 'token': ${ECHAT_TOKEN} has an unknown source; expected env, sys or jndi",
        failure("${ECHAT_TOKEN}").getMessage());
  }

  @Test
  void failsOnUnterminatedPlaceholder() {
    assertEquals(
        "init-param 'token': ${env:ECHAT_TOKEN has no closing '}'",
        failure("prefix-${env:ECHAT_TOKEN").getMessage());
  }

  @Test
  void failsOnUnterminatedPlaceholderWhoseDefaultIsClosed() {
    assertEquals(
        "init-param 'token': ${env:A:-${sys:b} has no closing '}'",
        failure("${env:A:-${sys:b}").getMessage());
  }

  @Test
  void failsOnEmptyName() {
    assertEquals("init-param 'token': ${env:} has an empty name", failure("${env:}").getMessage());
    assertEquals(
        "init-param 'token': ${sys::-<masked>} has an empty name",
        failure("${sys::-x}").getMessage());
  }

  @Test
  void failureMessagesMaskTheLiteralDefaultOfASecretAndTheUserInfoOfAUrl() {
    ConfigException url =
        assertThrows(
            ConfigException.class,
            () ->
                placeholders.resolve(
                    "handler.forward.url",
                    "${foo:ECHAT_HOOK:-https://hook:hunter2@hooks.example/echat}"));

    assertEquals(
        "init-param 'token': ${foo:ECHAT_TOKEN:-<masked>} has an unknown source; "
            + "expected env, sys or jndi",
        failure("${foo:ECHAT_TOKEN:-hunter2}").getMessage());
    assertEquals(
        "init-param 'handler.forward.url': ${foo:ECHAT_HOOK:-https://<masked>@"
            + "hooks.example/echat} has an unknown source; expected env, sys or jndi",
        url.getMessage());
  }

  @Test
  void failsNamingInitParamAndPlaceholderWhenEnvironmentVariableMissing() {
    assertEquals(
        "init-param 'token': ${env:ECHAT_TOKEN} is not set",
        failure("${env:ECHAT_TOKEN}").getMessage());
  }

  @Test
  void failsNamingInitParamAndPlaceholderWhenSystemPropertyMissing() {
    assertEquals(
        "init-param 'token': ${sys:echat.token} is not set",
        failure("${sys:echat.token}").getMessage());
  }

  @Test
  void failsNamingInitParamAndPlaceholderWhenJndiNameNotFound() {
    assertEquals(
        "init-param 'token': ${jndi:java:comp/env/echat/token} is not set",
        failure("${jndi:java:comp/env/echat/token}").getMessage());
  }

  @Test
  void failsNamingInnermostPlaceholderWhenNestedDefaultMissing() {
    assertEquals(
        "init-param 'token': ${sys:echat.token} is not set",
        failure("${env:ECHAT_TOKEN:-${sys:echat.token}}").getMessage());
  }

  @Test
  void failsNamingExceptionClassWithCauseWhenJndiLookupFails() {
    CommunicationException cause = new CommunicationException("directory at ldap://10.0.0.1 down");
    Placeholders failing =
        new Placeholders(
            environment::get,
            systemProperties::get,
            name -> {
              throw cause;
            });

    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> failing.resolve("token", "${jndi:java:comp/env/echat/token:-fallback}"));

    assertEquals(
        "init-param 'token': ${jndi:java:comp/env/echat/token:-<masked>} could not be looked up:"
            + " CommunicationException",
        e.getMessage());
    assertSame(cause, e.getCause());
  }

  @Test
  void failsWhenNoNamingProviderIsAvailable() {
    NoInitialContextException cause = new NoInitialContextException("no provider");
    Placeholders withoutJndi =
        new Placeholders(
            environment::get,
            systemProperties::get,
            name -> {
              throw cause;
            });

    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> withoutJndi.resolve("token", "${jndi:java:comp/env/echat/token}"));

    assertEquals(
        "init-param 'token': ${jndi:java:comp/env/echat/token} could not be looked up: there is"
            + " no JNDI here (NoInitialContextException); add a default with :-",
        e.getMessage());
    assertSame(cause, e.getCause());
  }

  @Test
  void usesDefaultWhenNoNamingProviderIsAvailable() throws ConfigException {
    Placeholders withoutJndi =
        new Placeholders(
            environment::get,
            systemProperties::get,
            name -> {
              throw new NoInitialContextException("no provider");
            });

    assertEquals(
        "fallback", withoutJndi.resolve("token", "${jndi:java:comp/env/echat/token:-fallback}"));
  }

  @Test
  void failureMessagesNeverContainResolvedValues() {
    environment.put("ECHAT_TOKEN", SECRET);
    systemProperties.put("echat.key", SECRET);

    List<String> messages =
        List.of(
            failure("${env:ECHAT_TOKEN}:${env:MISSING}").getMessage(),
            failure("${env:ECHAT_TOKEN}:${env:MISSING:-${sys:missing}}").getMessage(),
            failure("${sys:echat.key}:${foo:x}").getMessage(),
            failure("${sys:echat.key}:${env:}").getMessage(),
            failure("${env:ECHAT_TOKEN}:${env:MISSING").getMessage());

    assertEquals(
        List.of(
            "init-param 'token': ${env:MISSING} is not set",
            "init-param 'token': ${sys:missing} is not set",
            "init-param 'token': ${foo:x} has an unknown source; expected env, sys or jndi",
            "init-param 'token': ${env:} has an empty name",
            "init-param 'token': ${env:MISSING has no closing '}'"),
        messages);
    for (String message : messages) {
      assertFalse(message.contains(SECRET), message);
    }
  }

  @Test
  void containsPlaceholderDetectsUnescapedPlaceholder() {
    assertTrue(Placeholders.containsPlaceholder("${env:ECHAT_TOKEN}"));
    assertTrue(Placeholders.containsPlaceholder("prefix-${sys:b}"));
    assertTrue(Placeholders.containsPlaceholder("$${literal}-${env:A}"));
    assertTrue(Placeholders.containsPlaceholder("${unterminated"));
  }

  @Test
  void containsPlaceholderIgnoresPlainAndEscapedText() {
    assertFalse(Placeholders.containsPlaceholder(null));
    assertFalse(Placeholders.containsPlaceholder(""));
    assertFalse(Placeholders.containsPlaceholder("plain $ {value}"));
    assertFalse(Placeholders.containsPlaceholder("$${env:A}"));
  }

  @Test
  void systemResolverReadsRealSystemProperties() throws ConfigException {
    String key = "echat.placeholders.test." + System.nanoTime();
    System.setProperty(key, SECRET);
    try {
      assertEquals(SECRET, Placeholders.system().resolve("token", "${sys:" + key + "}"));
    } finally {
      System.clearProperty(key);
    }
    assertEquals(
        "init-param 'token': ${sys:" + key + "} is not set",
        assertThrows(
                ConfigException.class,
                () -> Placeholders.system().resolve("token", "${sys:" + key + "}"))
            .getMessage());
  }
}
