package io.echatreceiver.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.config.ConfigReader;
import io.echatreceiver.config.ReceiverConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documentation stays one text in two languages, and stays navigable: every English page that
 * has a Simplified Chinese sibling ({@code NAME.zh-CN.md}) shares its sequence of heading levels
 * and its fenced code blocks byte for byte, the READMEs stay a front door of at most 15 KB, and
 * every relative link (and the heading it names) exists.
 */
class DocsDriftTest {

  /** The README's hard limit, each language. */
  static final int README_LIMIT = 15_360;

  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  /** A Markdown page as the checks see it. */
  record Page(
      List<String> headingLevels,
      List<String> headings,
      List<String> codeBlocks,
      List<String> links) {}

  /** Reads the headings, fenced blocks (with their fence lines) and links outside the blocks. */
  static Page parse(String markdown) {
    List<String> levels = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    List<String> blocks = new ArrayList<>();
    List<String> links = new ArrayList<>();
    StringBuilder block = null;
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      Matcher fenceLine = FENCE.matcher(line);
      if (block != null) {
        block.append(line).append('\n');
        if (fenceLine.find() && fenceLine.group(1).equals(fence) && line.strip().equals(fence)) {
          blocks.add(block.toString());
          block = null;
        }
        continue;
      }
      if (fenceLine.find()) {
        fence = fenceLine.group(1);
        block = new StringBuilder(line).append('\n');
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        levels.add(heading.group(1));
        headings.add(heading.group(2));
      }
      Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (link.find()) {
        links.add(link.group(1));
      }
    }
    if (block != null) {
      throw new IllegalArgumentException("A code block is not closed: " + block);
    }
    return new Page(levels, headings, blocks, links);
  }

  /**
   * The anchor GitHub gives a heading: lower case, inline-code backticks and punctuation dropped
   * (letters of any script, digits, '-' and '_' stay), spaces made '-'.
   */
  static String anchor(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c == ' ') {
                slug.append('-');
              } else if (Character.isLetterOrDigit(c)
                  || c == '-'
                  || c == '_'
                  || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
              }
            });
    return slug.toString();
  }

  /** The anchors of a page's headings, with GitHub's "-1", "-2" for repeats. */
  static Set<String> anchors(Page page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String heading : page.headings()) {
      String slug = anchor(heading);
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  /** The English pages that must have a Simplified Chinese sibling. */
  static Stream<Path> englishPages() throws IOException {
    List<Path> pages =
        new ArrayList<>(
            List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md"), Path.of("SECURITY.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(DocsDriftTest::isEnglishMarkdown).sorted().forEach(pages::add);
    }
    return pages.stream();
  }

  /** Every page whose links are checked: both languages, and the benchmark results. */
  static Stream<Path> allPages() throws IOException {
    List<Path> pages = new ArrayList<>();
    englishPages()
        .forEach(
            page -> {
              pages.add(page);
              pages.add(sibling(page));
            });
    pages.add(Path.of("BENCHMARKS.md"));
    return pages.stream();
  }

  private static boolean isEnglishMarkdown(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".md") && !name.endsWith(".zh-CN.md");
  }

  static Path sibling(Path english) {
    String name = english.getFileName().toString();
    return english.resolveSibling(name.substring(0, name.length() - ".md".length()) + ".zh-CN.md");
  }

  private static Page read(Path page) {
    try {
      return parse(Files.readString(page));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong between an English page and its sibling; empty when nothing is. */
  static List<String> drift(Path english, Path chinese) {
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(chinese)) {
      problems.add(chinese + " is missing");
      return problems;
    }
    Page en = read(english);
    Page zh = read(chinese);
    if (!en.headingLevels().equals(zh.headingLevels())) {
      problems.add(
          "heading levels differ: "
              + english
              + " "
              + en.headingLevels()
              + ", "
              + chinese
              + " "
              + zh.headingLevels());
    }
    int blocks = Math.max(en.codeBlocks().size(), zh.codeBlocks().size());
    for (int i = 0; i < blocks; i++) {
      String enBlock = i < en.codeBlocks().size() ? en.codeBlocks().get(i) : "(none)";
      String zhBlock = i < zh.codeBlocks().size() ? zh.codeBlocks().get(i) : "(none)";
      if (!enBlock.equals(zhBlock)) {
        problems.add(
            "code block "
                + (i + 1)
                + " of "
                + blocks
                + " differs:\n"
                + english
                + ":\n"
                + enBlock
                + chinese
                + ":\n"
                + zhBlock);
        break;
      }
    }
    return problems;
  }

  /** The relative links of a page that lead to no file, or to no heading of the file. */
  static List<String> brokenLinks(Path page) {
    Map<Path, Set<String>> anchorsOf = new TreeMap<>();
    List<String> broken = new ArrayList<>();
    for (String link : read(page).links()) {
      if (link.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
        continue; // http:, https:, mailto: ...
      }
      int hash = link.indexOf('#');
      String file = hash < 0 ? link : link.substring(0, hash);
      Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
      if (!Files.exists(target)) {
        broken.add(link + " (no file " + target + ")");
        continue;
      }
      if (hash >= 0 && target.toString().endsWith(".md")) {
        String fragment = link.substring(hash + 1);
        Set<String> anchors = anchorsOf.computeIfAbsent(target, t -> anchors(read(t)));
        if (!anchors.contains(fragment)) {
          broken.add(
              link
                  + " (no heading #"
                  + fragment
                  + " in "
                  + target
                  + ", which has "
                  + anchors
                  + ")");
        }
      }
    }
    return broken;
  }

  @ParameterizedTest
  @MethodSource("englishPages")
  void theChinesePageHasTheSameHeadingsAndCodeBlocks(Path english) {
    assertEquals(List.of(), drift(english, sibling(english)));
  }

  @ParameterizedTest
  @MethodSource("allPages")
  void everyRelativeLinkLeadsToAFileAndHeading(Path page) {
    assertEquals(List.of(), brokenLinks(page));
  }

  @ParameterizedTest
  @MethodSource("readmes")
  void theReadmeIsAFrontDoorOfAtMost15KiB(Path readme) throws IOException {
    long size = Files.size(readme);
    assertTrue(
        size <= README_LIMIT,
        readme + " is " + size + " bytes, over " + README_LIMIT + ": move reference to docs/");
  }

  static Stream<Path> readmes() {
    return Stream.of(Path.of("README.md"), Path.of("README.zh-CN.md"));
  }

  /**
   * The README's minimal web.xml, read as the receiver reads its init-params: every name known,
   * every value valid, and no AES key needed (plain mode).
   */
  @Test
  void theReadmesMinimalWebXmlIsAValidPlainModeConfiguration() throws Exception {
    String servlet =
        read(Path.of("README.md")).codeBlocks().stream()
            .filter(block -> block.startsWith("```xml\n<servlet>"))
            .findFirst()
            .orElseThrow();
    Map<String, String> initParams = new LinkedHashMap<>();
    Matcher param =
        Pattern.compile(
                "<param-name>([^<]+)</param-name>\\s*" + "<param-value>([^<]*)</param-value>")
            .matcher(servlet);
    while (param.find()) {
      initParams.put(param.group(1), param.group(2));
    }
    assertEquals(Set.of("token", "handler.log.class"), initParams.keySet());
    // The environment of the build need not hold the token: give the placeholder a default.
    initParams.put("token", initParams.get("token").replace("}", ":-docs-test-token}"));

    ReceiverConfig config = ConfigReader.read(initParams, getClass().getClassLoader());

    assertNotNull(config);
  }

  // The checks themselves, on pages that drift on purpose.

  @Test
  void driftIsFoundInHeadingsCodeBlocksAndMissingSiblings(@TempDir Path dir) throws Exception {
    Path english = dir.resolve("page.md");
    Path chinese = dir.resolve("page.zh-CN.md");
    Files.writeString(english, "# Page\n\n## One\n\n```sh\nmvn verify\n```\n\n### Two\n");
    Files.writeString(chinese, "# 页面\n\n## 一\n\n```sh\nmvn verify\n```\n\n### 二\n");
    assertEquals(List.of(), drift(english, chinese));

    Files.writeString(chinese, "# 页面\n\n## 一\n\n```sh\nmvn verify\n```\n\n## 二\n");
    assertTrue(drift(english, chinese).get(0).startsWith("heading levels differ"));

    Files.writeString(chinese, "# 页面\n\n## 一\n\n```sh\nmvn verify  # 测试\n```\n\n### 二\n");
    assertTrue(drift(english, chinese).get(0).startsWith("code block 1 of 1 differs"));

    Files.delete(chinese);
    assertEquals(List.of(chinese + " is missing"), drift(english, chinese));
  }

  @Test
  void aHashInsideACodeBlockIsNoHeading() {
    Page page = parse("# Title\n\n```sh\n# a comment\n```\n\n  ```java\n  # not either\n  ```\n");

    assertEquals(List.of("#"), page.headingLevels());
    assertEquals(2, page.codeBlocks().size());
  }

  @Test
  void brokenLinksAndMissingHeadingsAreFound(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("other.md"), "# Other\n\n## 在你的应用中使用\n\n## A `code` heading\n");
    Path page = dir.resolve("page.md");
    Files.writeString(
        page,
        "[ok](other.md#在你的应用中使用) [ok](other.md#a-code-heading) "
            + "[web](https://example.com/x) `[code](nowhere.md)`\n"
            + "[gone](missing.md) [no heading](other.md#nowhere)\n");

    List<String> broken = brokenLinks(page);

    assertEquals(2, broken.size(), broken.toString());
    assertTrue(broken.get(0).startsWith("missing.md"));
    assertTrue(broken.get(1).startsWith("other.md#nowhere"));
  }

  @Test
  void anUnclosedCodeBlockIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse("# Title\n\n```sh\nmvn verify\n"));
  }
}
