package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/deployment-tomcat.md shows the files that StockTomcatDeploymentIT deploys, character for
 * character, and its Simplified Chinese sibling has the same sections and the same code blocks.
 */
class TomcatDeploymentDocTest {

  static final Path ENGLISH = Path.of("docs/deployment-tomcat.md");
  static final Path CHINESE = Path.of("docs/deployment-tomcat.zh-CN.md");

  /** The test resources under src/test/resources/tomcat that the page shows. */
  private static final List<String> FILES =
      List.of("catalina.properties", "postgresql/ROOT.xml", "mariadb/ROOT.xml");

  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
  private static final Pattern HEADING = Pattern.compile("(?m)^(#+) ");

  /** A fenced block: its language and its text, ending with a line break. */
  record Block(String language, String text) {}

  static List<Block> blocks(Path page) throws Exception {
    List<Block> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(Files.readString(page));
    while (fence.find()) {
      blocks.add(new Block(fence.group(1), fence.group(2)));
    }
    return blocks;
  }

  private static List<String> headingLevels(Path page) throws Exception {
    List<String> levels = new ArrayList<>();
    Matcher heading = HEADING.matcher(Files.readString(page).replaceAll("(?ms)^```.*?^```$", ""));
    while (heading.find()) {
      levels.add(heading.group(1));
    }
    return levels;
  }

  @Test
  void theXmlAndPropertiesBlocksAreTheDeployedFilesInTheOrderOfTheSteps() throws Exception {
    List<String> shown =
        blocks(ENGLISH).stream()
            .filter(
                block -> block.language().equals("xml") || block.language().equals("properties"))
            .map(Block::text)
            .toList();

    List<String> deployed = new ArrayList<>();
    for (String file : FILES) {
      deployed.add(StockTomcatDeploymentIT.resource(file));
    }
    assertEquals(deployed, shown);
  }

  @Test
  void bothLanguagesHaveTheSameCodeBlocksAndSections() throws Exception {
    assertEquals(blocks(ENGLISH), blocks(CHINESE));
    assertEquals(headingLevels(ENGLISH), headingLevels(CHINESE));
    assertTrue(headingLevels(ENGLISH).size() > 5, headingLevels(ENGLISH).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/deployment-tomcat.md", "docs/deployment-tomcat.zh-CN.md"})
  void theRecipeRemovesTheWelcomePageBeforeCopyingTheWar(String page) throws Exception {
    String steps = blocks(Path.of(page)).get(0).text();

    assertEquals(
        "rm -rf \"$CATALINA_BASE/webapps/ROOT\"\n"
            + "cp target/echat-receiver-0.1.0-SNAPSHOT.war \"$CATALINA_BASE/webapps/ROOT.war\"\n",
        steps);
  }
}
