package io.echatreceiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deployment page lists the environment variable of every setting of the admin servlet. */
class DocumentedVariablesTest {

  @ParameterizedTest
  @ValueSource(strings = {"docs/deployment-tomcat.md", "docs/deployment-tomcat.zh-CN.md"})
  void everySettingsVariableIsListed(String page) throws Exception {
    Set<String> listed = new TreeSet<>();
    Matcher variable =
        Pattern.compile("`(ECHAT_[A-Z_]+)`").matcher(Files.readString(Path.of(page)));
    while (variable.find()) {
      listed.add(variable.group(1));
    }
    Set<String> missing = new TreeSet<>();
    for (String name : AdminSettings.KNOWN) {
      if (!listed.contains(Settings.environmentVariable(name))) {
        missing.add(Settings.environmentVariable(name));
      }
    }

    assertEquals(Set.of(), missing);
  }
}
