package io.echatreceiver.bench.parse;

import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.basic.BooleanConverter;
import com.thoughtworks.xstream.converters.basic.ByteConverter;
import com.thoughtworks.xstream.converters.basic.DateConverter;
import com.thoughtworks.xstream.converters.basic.DoubleConverter;
import com.thoughtworks.xstream.converters.basic.FloatConverter;
import com.thoughtworks.xstream.converters.basic.IntConverter;
import com.thoughtworks.xstream.converters.basic.LongConverter;
import com.thoughtworks.xstream.converters.basic.NullConverter;
import com.thoughtworks.xstream.converters.basic.ShortConverter;
import com.thoughtworks.xstream.converters.basic.StringConverter;
import com.thoughtworks.xstream.converters.collections.CollectionConverter;
import com.thoughtworks.xstream.converters.reflection.PureJavaReflectionProvider;
import com.thoughtworks.xstream.converters.reflection.ReflectionConverter;
import com.thoughtworks.xstream.io.xml.XppDriver;
import com.thoughtworks.xstream.security.NoTypePermission;
import com.thoughtworks.xstream.security.WildcardTypePermission;
import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.bench.WoodstoxWalk;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The spec's 1 KB msgReply push, from bytes to something a handler can use, five ways: the
 * receiver's parser into its typed {@link MsgReply}; the baseline, a bare Woodstox event walk into
 * a {@code HashMap}; XStream set up as WxJava sets it up; the JDK's DOM; Jackson XML. Every
 * candidate reuses what a real application would keep (factory, mapper, XStream instance, one
 * {@code DocumentBuilder} per thread) and is checked in {@link #check()} to read the whole push.
 * Apart: the receiver on the sample as printed (its slips repaired), and on a document of nearly 10
 * 000 elements.
 *
 * <pre>java -jar bench/target/benchmarks.jar Parse -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {

  /** Leaves under the root of the wide document: with the root, msgId and tm, 9 993 elements. */
  private static final int WIDE_SIBLINGS = 9_990;

  /** CDATA sections, never closed, after the slip that fails the strict read. */
  private static final int UNCLOSED_SECTIONS = 4_000;

  /** Distinct names in the reply channel list of the long-list document. */
  private static final int REPLY_CHANNELS = 20_000;

  private final byte[] document = BenchDocuments.msgReply().getBytes(StandardCharsets.UTF_8);
  private final byte[] asPrinted =
      BenchDocuments.sampleAsPrinted().getBytes(StandardCharsets.UTF_8);
  private final String documentText = BenchDocuments.msgReply();
  private final byte[] wide = wideDocument();
  private final byte[] malformedSections = malformedSections();
  private final byte[] manyChannels = manyReplyChannels();

  private final PushParser receiver = new PushParser(XmlLimits.DEFAULTS);
  private final XMLInputFactory woodstox = new WstxInputFactory();
  private final XStream xstream = wxJavaXStream();
  private final XmlMapper jackson = jacksonMapper();
  private DocumentBuilder dom;

  @Setup
  public void check() throws Exception {
    dom = secureDocumentBuilder();
    woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    MsgReply push = (MsgReply) receiverTypedPush();
    MsgReply repaired = (MsgReply) receiverTypedPushAsPrinted();
    Map<String, String> walked = woodstoxWalkIntoHashMap();
    Map<String, String> tree = jdkDomIntoHashMap();
    MsgReplyBean fromXStream = xstreamAsWxJava();
    MsgReplyBean fromJackson = jacksonXml();
    Push wideRead = receiverWideDocument();
    MalformedPushException refused = receiverMalformedWithManySections();
    MsgReply listed = (MsgReply) receiverManyReplyChannels();
    require(push.msgId() == 345678 && push.unreadMsgCount() == 3, "receiver", push);
    require(repaired.msgId() == 345678 && repaired.unreadMsgCount() == 3, "repaired", repaired);
    require(walked.size() == 24 && walked.get("unreadMsgCount").equals("3"), "woodstox", walked);
    require(tree.size() == 24 && tree.get("unreadMsgCount").equals("3"), "dom", tree);
    require(fromXStream.msgId == 345678 && fromXStream.unreadMsgCount == 3, "xstream", fromXStream);
    require(wideRead.xml().children().size() == WIDE_SIBLINGS + 2, "wide", wideRead.msgId());
    require(
        refused.problem() == MalformedPushException.Problem.MALFORMED_XML,
        "malformed",
        refused.getMessage());
    require(listed.replyChannels().size() == REPLY_CHANNELS, "channels", listed.msgId());
    require(fromJackson.msgId == 345678 && fromJackson.unreadMsgCount == 3, "jackson", fromJackson);
  }

  /** The receiver: strict hardened Woodstox into an element tree, bound to {@code MsgReply}. */
  @Benchmark
  public Push receiverTypedPush() throws Exception {
    return receiver.parse(PushType.MSG_REPLY, document);
  }

  /** The receiver on the sample as printed: strict read fails, slips repaired, read again. */
  @Benchmark
  public Push receiverTypedPushAsPrinted() throws Exception {
    return receiver.parse(PushType.MSG_REPLY, asPrinted);
  }

  /**
   * The receiver on a document as wide as its default limits allow: 9 990 short leaves under the
   * root, the "thousands of elements" of a hostile body, where a cost per element that grows with
   * its siblings would show.
   */
  @Benchmark
  public Push receiverWideDocument() throws Exception {
    return receiver.parse(PushType.of("chatStart"), wide);
  }

  /**
   * The receiver on a signed but malformed body of 48 KB whose every CDATA section start looks like
   * the element-closing slip: the repair step runs over all of it, where a cost per section that
   * grows with the rest of the document would show.
   */
  @Benchmark
  public MalformedPushException receiverMalformedWithManySections() {
    try {
      receiver.parse(PushType.MSG_REPLY, malformedSections);
      throw new IllegalStateException("a malformed body was read");
    } catch (MalformedPushException expected) {
      return expected;
    }
  }

  /**
   * The receiver on a push of 109 KB whose {@code replyChannel} names 20 000 channels, where a cost
   * per channel that grows with the channels before it would show.
   */
  @Benchmark
  public Push receiverManyReplyChannels() throws Exception {
    return receiver.parse(PushType.MSG_REPLY, manyChannels);
  }

  /** The baseline: one shared factory, each child of the root into a map by name. */
  @Benchmark
  public Map<String, String> woodstoxWalkIntoHashMap() throws XMLStreamException {
    return WoodstoxWalk.intoHashMap(woodstox, new ByteArrayInputStream(document));
  }

  /** XStream as WxJava's {@code XStreamInitializer} sets it up, reading the bean. */
  @Benchmark
  public MsgReplyBean xstreamAsWxJava() {
    return (MsgReplyBean) xstream.fromXML(documentText);
  }

  /** The JDK's DOM with secure processing, each child of the root into a map by name. */
  @Benchmark
  public Map<String, String> jdkDomIntoHashMap() throws IOException, SAXException {
    Document parsed = dom.parse(new ByteArrayInputStream(document));
    Map<String, String> fields = new HashMap<>();
    for (Node child = parsed.getDocumentElement().getFirstChild();
        child != null;
        child = child.getNextSibling()) {
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        fields.put(child.getNodeName(), child.getTextContent());
      }
    }
    return fields;
  }

  /** Jackson's XmlMapper into the same bean. */
  @Benchmark
  public MsgReplyBean jacksonXml() throws IOException {
    return jackson.readValue(document, MsgReplyBean.class);
  }

  /** Mirrors WxJava's {@code XStreamInitializer.getInstance()} and its per-class annotations. */
  private static XStream wxJavaXStream() {
    XStream xstream =
        new XStream(new PureJavaReflectionProvider(), new XppDriver()) {
          @Override
          protected void setupConverters() {
            registerConverter(new NullConverter(), PRIORITY_VERY_HIGH);
            registerConverter(new IntConverter(), PRIORITY_NORMAL);
            registerConverter(new FloatConverter(), PRIORITY_NORMAL);
            registerConverter(new DoubleConverter(), PRIORITY_NORMAL);
            registerConverter(new LongConverter(), PRIORITY_NORMAL);
            registerConverter(new ShortConverter(), PRIORITY_NORMAL);
            registerConverter(new BooleanConverter(), PRIORITY_NORMAL);
            registerConverter(new ByteConverter(), PRIORITY_NORMAL);
            registerConverter(new StringConverter(), PRIORITY_NORMAL);
            registerConverter(new DateConverter(), PRIORITY_NORMAL);
            registerConverter(new CollectionConverter(getMapper()), PRIORITY_NORMAL);
            registerConverter(
                new ReflectionConverter(getMapper(), getReflectionProvider()), PRIORITY_VERY_LOW);
          }
        };
    xstream.ignoreUnknownElements();
    xstream.setMode(XStream.NO_REFERENCES);
    XStream.setupDefaultSecurity(xstream);
    xstream.autodetectAnnotations(true);
    xstream.addPermission(NoTypePermission.NONE);
    xstream.addPermission(new WildcardTypePermission(new String[] {"io.echatreceiver.**"}));
    xstream.setClassLoader(ParseBenchmark.class.getClassLoader());
    xstream.processAnnotations(MsgReplyBean.class);
    return xstream;
  }

  private static byte[] wideDocument() {
    StringBuilder xml = new StringBuilder("<xml><msgId>1</msgId><tm>1500000237041</tm>");
    for (int i = 0; i < WIDE_SIBLINGS; i++) {
      xml.append("<e>").append(i).append("</e>");
    }
    return xml.append("</xml>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] malformedSections() {
    return ("<xml><b></c>" + "<a><![CDATA[".repeat(UNCLOSED_SECTIONS) + "</xml>")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] manyReplyChannels() {
    StringBuilder xml =
        new StringBuilder(
            "<xml><msgId>1</msgId><tm>1500000237041</tm>"
                + "<companyId>1</companyId><replyChannel>");
    for (int i = 0; i < REPLY_CHANNELS; i++) {
      xml.append(i).append(',');
    }
    return xml.append("</replyChannel></xml>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static XmlMapper jacksonMapper() {
    XmlMapper mapper = new XmlMapper();
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return mapper;
  }

  private static DocumentBuilder secureDocumentBuilder() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setExpandEntityReferences(false);
    return factory.newDocumentBuilder();
  }

  private static void require(boolean condition, String candidate, Object result) {
    if (!condition) {
      throw new IllegalStateException(candidate + " did not read the whole push: " + result);
    }
  }
}
