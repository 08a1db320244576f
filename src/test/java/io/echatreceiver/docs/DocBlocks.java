package io.echatreceiver.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of the English pages (the Simplified Chinese siblings have the same ones,
 * byte for byte, by {@link DocsDriftTest}), each with where it is and the marker before it.
 */
final class DocBlocks {

  /** The marker, on the last non-blank line before a block's opening fence. */
  static final Pattern NOT_RUN = Pattern.compile("^\\s*<!-- not run by the tests: (.+) -->\\s*$");

  private static final Pattern OPENING = Pattern.compile("^(\\s*)```(\\w*)\\s*$");
  private static final Pattern CLOSING = Pattern.compile("^\\s*```\\s*$");

  private DocBlocks() {}

  /**
   * A fenced block.
   *
   * @param page the page, relative to the project
   * @param line the line of the opening fence, from 1
   * @param language what follows the opening fence, empty if nothing
   * @param text the lines between the fences, the fence's indentation removed, each ending with a
   *     line break
   * @param notRun the reason given by a {@code <!-- not run by the tests: REASON -->} marker
   */
  record Block(Path page, int line, String language, String text, Optional<String> notRun) {

    /** The first line of the text: with the page, what a failure names. */
    String firstLine() {
      return text.lines().findFirst().orElse("");
    }

    @Override
    public String toString() {
      return page + ":" + line + " [" + language + "] " + firstLine();
    }
  }

  /** The blocks of README.md, CONTRIBUTING.md, SECURITY.md and docs/*.md, in page order. */
  static List<Block> ofEnglishPages() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path page : DocsDriftTest.englishPages().toList()) {
      blocks.addAll(of(page, Files.readString(page)));
    }
    return blocks;
  }

  /** The blocks of one page. */
  static List<Block> of(Path page, String markdown) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher opening = OPENING.matcher(lines[i]);
      if (!opening.matches()) {
        continue;
      }
      int indent = opening.group(1).length();
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length && !CLOSING.matcher(lines[j]).matches(); j++) {
        String line = lines[j];
        int strip = Math.min(indent, line.length() - line.stripLeading().length());
        text.append(line.substring(strip)).append('\n');
      }
      if (j == lines.length) {
        throw new IllegalArgumentException(page + ":" + (i + 1) + ": the block is not closed");
      }
      blocks.add(new Block(page, i + 1, opening.group(2), text.toString(), marker(lines, i)));
      i = j;
    }
    return blocks;
  }

  private static Optional<String> marker(String[] lines, int fence) {
    for (int k = fence - 1; k >= 0; k--) {
      if (!lines[k].isBlank()) {
        Matcher marker = NOT_RUN.matcher(lines[k]);
        return marker.matches() ? Optional.of(marker.group(1)) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
