package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.Element;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tree reader keeps Woodstox configurations and its bookkeeping as spares, from one document to
 * the next: nothing of one document may show in the next. Siblings with equal short texts share one
 * String.
 */
class XmlTreeReaderTest {

  private final XmlTreeReader reader = new XmlTreeReader(XmlLimits.DEFAULTS);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> names(Element element) {
    return element.children().stream().map(Element::name).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
  void readsEveryDocumentAsUtf8WhateverItsFirstBytesSuggest(String encoding) {
    // Woodstox would detect these from their first bytes; Echat sends UTF-8 only.
    byte[] document = "<xml><a>1</a></xml>".getBytes(java.nio.charset.Charset.forName(encoding));

    MalformedPushException e =
        assertThrows(MalformedPushException.class, () -> reader.read(document));

    assertEquals(Problem.MALFORMED_XML, e.problem());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n"})
  void namesTheCharacterWhereUtf8BreaksWithoutWoodstoxsByteOffset(String start) {
    byte[] head = utf8(start + "<xml><a>" + "x".repeat(100));
    byte[] document = Arrays.copyOf(head, head.length + 11);
    document[head.length] = (byte) 0xF9;
    System.arraycopy(utf8("</a></xml>"), 0, document, head.length + 1, 10);

    MalformedPushException e =
        assertThrows(MalformedPushException.class, () -> reader.read(document));

    assertEquals(Problem.MALFORMED_XML, e.problem());
    assertEquals(
        "Invalid UTF-8 start byte 0xf9 (at char #" + (head.length + 1) + ")", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"<xml><c>中文</c></xml>", "<X><c>中文</c></X>", "\n<xml><c>中文</c></xml>"})
  void readsUtf8WhetherTheDocumentStartsWithItsRootOrNot(String text) throws Exception {
    Element root = reader.read(utf8(text));

    assertEquals(Optional.of("中文"), root.childText("c"));
  }

  @Test
  void readsADocumentWholeAfterOneThatFailedHalfway() throws Exception {
    assertThrows(
        MalformedPushException.class, () -> reader.read(utf8("<xml><a><b>1</b><c>2</c><d>3")));

    Element root = reader.read(utf8("<xml><x>9</x></xml>"));

    assertEquals(new Element("xml", "", List.of(Element.leaf("x", "9"))), root);
  }

  @Test
  void readsADocumentWholeAfterOneThatExceededALimit() throws Exception {
    XmlTreeReader small = new XmlTreeReader(new XmlLimits(4, 100, 10));
    assertThrows(
        MalformedPushException.class,
        () -> small.read(utf8("<xml><a><b>1</b><c>" + "x".repeat(11) + "</c></a></xml>")));

    Element root = small.read(utf8("<xml><a><b>1</b></a><t>short</t></xml>"));

    assertEquals(List.of("a", "t"), names(root));
    assertEquals(Optional.of("1"), root.child("a").orElseThrow().childText("b"));
    assertEquals(Optional.of("short"), root.childText("t"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 41, 42, 104, 105, 250})
  void dropsStrayTextBetweenElementsWhateverItsLengthAndTheTextBeforeIt(int before)
      throws Exception {
    XmlTreeReader small = new XmlTreeReader(new XmlLimits(6, 64, 256));
    String stray = "a".repeat(300) + "<!-- c -->" + "b".repeat(300) + "<![CDATA[" + "c".repeat(300);

    Element root =
        small.read(utf8("<xml><m>" + "x".repeat(before) + "</m>" + stray + "]]><n>2</n></xml>"));

    assertEquals(List.of("m", "n"), names(root));
    assertEquals(Optional.of("2"), root.childText("n"));
  }

  @Test
  void refusesALeafWhoseTextInAllItsPartsExceedsTheLimit() {
    XmlTreeReader small = new XmlTreeReader(new XmlLimits(6, 64, 256));
    String over = "x".repeat(257);
    String half = "x".repeat(150);

    for (String document :
        List.of(
            "<xml><m>" + over + "</m></xml>",
            "<xml><m><![CDATA[" + over + "]]></m></xml>",
            "<xml><m>" + half + "<!-- c -->" + half + "</m></xml>",
            "<xml><m>" + half + "<![CDATA[" + half + "]]></m></xml>")) {
      MalformedPushException e =
          assertThrows(MalformedPushException.class, () -> small.read(utf8(document)), document);

      assertEquals(Problem.LIMIT_EXCEEDED, e.problem(), document);
    }
  }

  @Test
  void anXml11DeclarationDoesNotCarryOverToTheNextDocument() throws Exception {
    // A control character reference is allowed in XML 1.1 only.
    reader.read(utf8("<?xml version=\"1.1\"?><xml><a>&#1;</a></xml>"));

    MalformedPushException e =
        assertThrows(
            MalformedPushException.class, () -> reader.read(utf8("<xml><a>&#1;</a></xml>")));

    assertEquals(Problem.MALFORMED_XML, e.problem());
  }

  @Test
  void readsSmallDocumentsAfterOneWithManyElementsAndNames() throws Exception {
    StringBuilder many = new StringBuilder("<xml>");
    for (int i = 0; i < 5_000; i++) {
      many.append("<name").append(i).append(">").append(i).append("</name").append(i).append(">");
    }
    Element big = reader.read(utf8(many.append("</xml>").toString()));
    assertEquals(5_000, big.children().size());
    assertEquals(Optional.of("4999"), big.childText("name4999"));

    Element small = reader.read(utf8("<xml><name1>a</name1><deep><er>b</er></deep></xml>"));

    assertEquals(List.of("name1", "deep"), names(small));
    assertEquals(Optional.of("b"), small.child("deep").orElseThrow().childText("er"));
  }

  @Test
  void keepsEveryChildWhateverTheirNumber() throws Exception {
    for (int count : new int[] {1, 2, 3, 24, 64, 65, 300}) {
      String child = "<c>v</c>";
      Element root =
          reader.read(
              utf8("<xml>" + child.repeat(count) + "<n>" + child.repeat(count) + "</n></xml>"));

      assertEquals(count + 1, root.children().size(), "children: " + count);
      assertEquals(count, root.child("n").orElseThrow().children().size(), "children: " + count);
      assertTrue(root.children().stream().limit(count).allMatch(c -> c.text().equals("v")));
      assertThrows(UnsupportedOperationException.class, () -> root.children().remove(0));
    }
  }

  @Test
  void readsADocumentWhereItLiesAndLeavesItAsItWas() throws Exception {
    byte[] text = utf8("<xml><a>中文");
    // Cut short inside a character: a decoder that owned the bytes would move the rest of it.
    byte[] document = Arrays.copyOf(text, text.length + 2);
    document[text.length] = (byte) 0xE4;
    document[text.length + 1] = (byte) 0xB8;
    byte[] before = document.clone();

    assertThrows(MalformedPushException.class, () -> reader.read(document));
    assertArrayEquals(before, document, "a refused body is kept as it came");
  }

  @Test
  void siblingsWithTheSameShortTextShareOneString() throws Exception {
    Element root =
        reader.read(
            utf8(
                "<xml><tm>1500000237041</tm><tag>商品咨询</tag>"
                    + "<chatTime>1500000237041</chatTime><route><![CDATA[商品咨询]]></route></xml>"));

    assertSame(root.childText("tm").orElseThrow(), root.childText("chatTime").orElseThrow());
    assertSame(root.childText("tag").orElseThrow(), root.childText("route").orElseThrow());
  }

  @Test
  void aTextIsComparedWithTheLatestEarlierTextOfItsLengthOnly() throws Exception {
    Element root =
        reader.read(
            utf8(
                "<xml><a>abc</a><b>abd</b><c>abd</c>"
                    + "<p><e>xyz</e></p><d>xyz</d><f>abd</f></xml>"));
    String nephew = root.child("p").orElseThrow().childText("e").orElseThrow();

    assertEquals(Optional.of("abd"), root.childText("b"));
    assertSame(root.childText("b").orElseThrow(), root.childText("c").orElseThrow());
    assertSame(nephew, root.childText("d").orElseThrow(), "texts are shared at any depth");
    assertEquals(Optional.of("abd"), root.childText("f"));
    assertNotSame(
        root.childText("c").orElseThrow(),
        root.childText("f").orElseThrow(),
        "<d> is the latest text with three characters");
  }

  @Test
  void aDocumentSharesNoTextWithTheDocumentBefore() throws Exception {
    Element first = reader.read(utf8("<xml><tm>1500000237041</tm></xml>"));
    Element second = reader.read(utf8("<xml><tm>1500000237041</tm></xml>"));

    assertNotSame(first.childText("tm").orElseThrow(), second.childText("tm").orElseThrow());
  }

  @Test
  void aTextThatBeginsLikeASiblingsReadsWhole() throws Exception {
    Element root =
        reader.read(
            utf8("<xml><a>x</a><b>x<![CDATA[y]]></b><c>x<!-- -->x</c>" + "<d><a>x</a></d></xml>"));

    assertEquals(Optional.of("x"), root.childText("a"));
    assertEquals(Optional.of("xy"), root.childText("b"));
    assertEquals(Optional.of("xx"), root.childText("c"));
    assertEquals(Optional.of("x"), root.child("d").orElseThrow().childText("a"));
  }

  @Test
  void threadsReadingAtOnceEachGetTheirOwnDocument() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Callable<Boolean> readMany =
            () -> {
              for (int i = 0; i < 2_000; i++) {
                String id = thread + "-" + i;
                String nested = i % 2 == 0 ? "<n><v>" + id + "</v></n>" : "";
                Element root = reader.read(utf8("<xml><id>" + id + "</id>" + nested + "</xml>"));
                boolean right =
                    root.childText("id").equals(Optional.of(id))
                        && root.children().size() == (i % 2 == 0 ? 2 : 1)
                        && (i % 2 != 0
                            || root.child("n")
                                .orElseThrow()
                                .childText("v")
                                .equals(Optional.of(id)));
                if (!right) {
                  return false;
                }
              }
              return true;
            };
        results.add(threads.submit(readMany));
      }
      for (Future<Boolean> result : results) {
        assertEquals(true, result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
