package io.echatreceiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The console speaks English and Simplified Chinese, with the same texts in both. */
class LabelsTest {

  @Test
  void bothLanguagesHaveEveryText() {
    assertEquals(
        new TreeSet<>(Labels.of(Locale.ENGLISH).keys()),
        new TreeSet<>(Labels.of(Labels.CHINESE).keys()));
  }

  @Test
  void readsTheChineseBundleAsUtf8AndFormatsCounts() {
    assertEquals("死信", Labels.of(Labels.CHINESE).get("deadLetters"));
    assertEquals("3 条死信将重新投递。", Labels.of(Labels.CHINESE).get("flash.replayed", 3));
    assertEquals(
        "One dead letter will be delivered again.",
        Labels.of(Locale.ENGLISH).get("flash.replayed", 1));
    assertEquals(
        "No dead letter was replayed.", Labels.of(Locale.ENGLISH).get("flash.replayed", 0));
  }

  @Test
  void offersChineseForAnyChineseTagAndEnglishOtherwise() {
    assertEquals("zh-CN", Labels.of(Labels.parse("zh-CN").orElseThrow()).tag());
    assertEquals("zh-CN", Labels.of(Labels.parse("zh").orElseThrow()).tag());
    assertEquals("en", Labels.of(Labels.parse("en-GB").orElseThrow()).tag());
    assertEquals(java.util.Optional.empty(), Labels.parse("fr"));
    assertEquals(java.util.Optional.empty(), Labels.parse("<script>"));
  }
}
