package io.echatreceiver.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.echatreceiver.docs.DocBlocks.Block;
import io.echatreceiver.testkit.EchatRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.tomcat.jdbc.pool.DataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every {@code xml} block of README.md, CONTRIBUTING.md, SECURITY.md and docs/*.md is deployed in
 * embedded Jetty as a web application and starts: Jetty starts it with the receiver servlet's
 * {@code init} succeeding (a failed {@code init} fails the start), and a checkUrl signed with the
 * token gets its echostr back from {@code /echat}. The Simplified Chinese pages have the same
 * blocks ({@link DocsDriftTest}).
 *
 * <p>What a block is, by its first element (comments aside):
 *
 * <ul>
 *   <li>{@code <dependency>}: Maven coordinates, not a deployable sample; skipped.
 *   <li>{@code <web-app>}: deployed as it is.
 *   <li>{@code <servlet>}, {@code <servlet-mapping>}, {@code <resource-ref>}, {@code
 *       <security-constraint>}, {@code <login-config>} and the other elements of web.xml in {@link
 *       #WEB_XML_ELEMENTS}: deployed inside a {@code <web-app>}, with {@link #RECEIVER} beside them
 *       unless they declare the receiver servlet themselves.
 *   <li>{@code <init-param>}: init-params of {@link #RECEIVER}; those named {@code admin...} or
 *       {@code console...} are the admin servlet's, {@link #ADMIN}, deployed beside the receiver.
 *   <li>{@code <Context>}: a Tomcat context file, deployed with the WAR's own {@code
 *       webapp/WEB-INF/web.xml}: each {@code <Parameter>} a context-param, each {@code
 *       <Environment>} a JNDI environment entry, each {@code <Resource>} the DataSource that its
 *       {@code factory} makes of its attributes, bound at {@code java:comp/env/NAME} (by a {@code
 *       <resource-ref>}, which Jetty needs and Tomcat does not). No PostgreSQL or MariaDB runs
 *       here: the driver it names must load, and then in-memory H2 stands in for it, with the
 *       {@code ${...}} properties the page exports taken from {@link #TOMCAT_PROPERTIES}.
 *       (StockTomcatDeploymentIT deploys the same files in a stock Tomcat against the real
 *       databases, see TomcatDeploymentDocTest.)
 *   <li>{@code <Configure>}: a Jetty {@code WEB-INF/jetty-env.xml}, applied by Jetty in an
 *       application of {@link #RECEIVER} and a {@code <resource-ref>} for each {@code
 *       jndi.Resource} it declares, as the page says; each must then be bound, at {@code
 *       java:comp/env/NAME}, to the class the sample creates. The receiver does not use it: no
 *       PostgreSQL runs here.
 * </ul>
 *
 * Any other first element fails the test until it is given a rule here.
 *
 * <p>What the samples need beside them, given here rather than guessed:
 *
 * <ul>
 *   <li>{@code ${env:NAME}}: the value {@link #ENVIRONMENT} gives NAME, as the placeholder's
 *       default ({@code ${env:NAME:-value}}), so that a variable this JVM's environment sets wins,
 *       as in a deployment; a NAME without a value here fails the test.
 *   <li>{@code ${jndi:java:comp/env/NAME}}: an environment entry NAME from {@link #JNDI}.
 *   <li>The token: the one named {@code ECHAT_TOKEN}; a Tomcat context, whose page exports {@code
 *       ECHAT_TOKEN} beside it, has it as the JNDI entry {@code echat/token}.
 *   <li>A handler class of the reader's own ({@code com.example...}): {@link StandInHandler}, which
 *       requires the init-params that the page's Java class of the same simple name reads with
 *       {@code config.requiredParam} (none when the page shows no such class).
 *   <li>{@code micrometerRegistry} naming a context attribute: the attribute holds a {@code
 *       SimpleMeterRegistry}, set before the start, as the page says an application does.
 *   <li>{@code MemberInboxHandler} in the receiver's init-params: durable delivery on in-memory H2
 *       with the receiver's tables and the inbox's created ({@code handler.inbox.createTable}):
 *       docs/channels.md says it uses the receiver's database, and how its table is made.
 *   <li>{@code <login-config>}: the container's users, one user in each role the sample names.
 * </ul>
 */
class XmlSamplesTest {

  /** What the samples' {@code ${env:NAME}} placeholders are given. */
  static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("ECHAT_TOKEN", "docs-sample-token"),
          Map.entry("ECHAT_APP_ID", "wxb11529c136998cb6"),
          Map.entry("ECHAT_ADMIN_SECRET", "docs-sample-admin-secret"),
          Map.entry("ECHAT_SMTP_PASSWORD", "docs-sample-smtp-password"),
          Map.entry("SMTP_PASSWORD", "docs-sample-smtp-password"),
          Map.entry("ECHAT_FORWARD_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
          Map.entry("CRM_TOKEN", "docs-sample-crm-token"),
          Map.entry("SMS_API_KEY", "docs-sample-sms-key"),
          Map.entry("PUSH_APP_KEY", "docs-sample-push-app-key"),
          Map.entry("PUSH_SECRET", "docs-sample-push-secret"),
          Map.entry("WECHAT_TEMPLATE_ID", "docs-sample-template"));

  /** What the samples' {@code ${jndi:java:comp/env/NAME}} placeholders find, by NAME. */
  static final Map<String, String> JNDI =
      Map.of(
          // WeChat's published example key, as docs/testkit.md uses it
          "echat/aesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");

  /** The Tomcat properties ({@code ${NAME}}) that the Tomcat page exports beside its contexts. */
  static final Map<String, String> TOMCAT_PROPERTIES =
      Map.of(
          "INBOX_DB_URL", "jdbc:h2:mem:docs-tomcat-%d;DB_CLOSE_DELAY=-1",
          "INBOX_DB_USER", "sa",
          "INBOX_DB_PASSWORD", "");

  /** The first elements of a block that is part of a web.xml. */
  static final Set<String> WEB_XML_ELEMENTS =
      Set.of(
          "servlet",
          "servlet-mapping",
          "filter",
          "filter-mapping",
          "listener",
          "context-param",
          "resource-ref",
          "security-constraint",
          "login-config",
          "security-role",
          "env-entry");

  private static final String RECEIVER_CLASS = "io.echatreceiver.receiver.EchatReceiverServlet";
  private static final String PARAMS = "<!-- the sample's init-params -->";

  /** The receiver servlet beside a fragment: README.md's minimal one, at {@code /echat}. */
  static final String RECEIVER =
      """
        <servlet>
          <servlet-name>echat</servlet-name>
          <servlet-class>io.echatreceiver.receiver.EchatReceiverServlet</servlet-class>
          <init-param>
            <param-name>token</param-name>
            <param-value>${env:ECHAT_TOKEN}</param-value>
          </init-param>
          <init-param>
            <param-name>handler.log.class</param-name>
            <param-value>io.echatreceiver.channel.LogHandler</param-value>
          </init-param>
          <!-- the sample's init-params -->
          <load-on-startup>1</load-on-startup>
          <async-supported>true</async-supported>
        </servlet>
        <servlet-mapping>
          <servlet-name>echat</servlet-name>
          <url-pattern>/echat</url-pattern>
        </servlet-mapping>
      """;

  /** The admin servlet for admin init-params, as docs/operations.md declares it. */
  static final String ADMIN =
      """
        <servlet>
          <servlet-name>echat-admin</servlet-name>
          <servlet-class>io.echatreceiver.admin.EchatAdminServlet</servlet-class>
          <!-- the sample's init-params -->
          <load-on-startup>2</load-on-startup>
        </servlet>
        <servlet-mapping>
          <servlet-name>echat-admin</servlet-name>
          <url-pattern>/echat-admin/*</url-pattern>
        </servlet-mapping>
      """;

  private static final Pattern FIRST_ELEMENT = Pattern.compile("<([A-Za-z][\\w.-]*)");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern ENV = Pattern.compile("(?<!\\$)\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern JNDI_PLACEHOLDER =
      Pattern.compile("(?<!\\$)\\$\\{jndi:java:comp/env/([^}:]+)}");
  private static final Pattern INIT_PARAM = Pattern.compile("(?s)<init-param>.*?</init-param>");
  private static final Pattern PARAM_NAME = Pattern.compile("<param-name>\\s*([^<\\s]+)\\s*<");
  private static final Pattern OWN_HANDLER =
      Pattern.compile(
          "(<param-name>\\s*handler\\.([^.<]+)\\.class\\s*</param-name>\\s*<param-value>\\s*)"
              + "(com\\.example\\.[\\w.]+)(\\s*</param-value>)");
  private static final Pattern MICROMETER =
      Pattern.compile(
          "<param-name>\\s*micrometerRegistry\\s*</param-name>\\s*<param-value>\\s*([^<\\s]+)\\s*<");
  private static final Pattern ROLE_NAME = Pattern.compile("<role-name>\\s*([^<\\s]+)\\s*<");
  private static final Pattern JETTY_RESOURCE =
      Pattern.compile(
          "<New id=\"[^\"]*\" class=\""
              + "org\\.eclipse\\.jetty\\.plus\\.jndi\\.Resource\">\\s*<Arg><Ref refid=\"wac\"/></Arg>\\s*"
              + "<Arg>([^<]+)</Arg>\\s*<Arg>\\s*<New class=\"([^\"]+)\"");
  private static final Pattern TOMCAT_PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<AutoCloseable> pools = new ArrayList<>();

  @AfterEach
  void closePools() throws Exception {
    for (AutoCloseable pool : pools) {
      pool.close();
    }
    StandInHandler.REQUIRED.clear();
    StandInHandler.STARTED.clear();
  }

  static Stream<Block> xmlBlocks() throws Exception {
    return DocBlocks.ofEnglishPages().stream().filter(block -> block.language().equals("xml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("xmlBlocks")
  void everyXmlSampleStartsTheReceiver(Block block, @TempDir Path directory) throws Exception {
    String root = firstElement(block.text());
    assumeFalse(root.equals("dependency"), "Maven coordinates, not a deployable sample");

    SampleWebApp.Parts parts = parts(block, root);
    List<String> ownHandlers = standIns(block.page(), parts);

    try (SampleWebApp app = SampleWebApp.start(directory, parts)) {
      String echo = checkUrl(app, "docs-" + block.line());
      assertEquals("docs-" + block.line(), echo);
      for (String handler : ownHandlers) {
        assertTrue(StandInHandler.STARTED.containsKey(handler), "handler " + handler);
      }
      if (root.equals("Configure")) {
        Matcher resource = JETTY_RESOURCE.matcher(block.text());
        while (resource.find()) {
          assertEquals(
              resource.group(2),
              app.lookup("java:comp/env/" + resource.group(1)).getClass().getName());
        }
      }
    }
  }

  // The rules at work on samples that are wrong.

  @Test
  void aMisspelledInitParamStopsTheStart(@TempDir Path directory) {
    Block typo =
        new Block(
            Path.of("README.md"),
            1,
            "xml",
            """
        <init-param>
          <param-name>handler.log.clas</param-name>
          <param-value>io.echatreceiver.channel.LogHandler</param-value>
        </init-param>
        """,
            Optional.empty());

    assertThrows(Exception.class, () -> SampleWebApp.start(directory, parts(typo, "init-param")));
  }

  @Test
  void aHandlerOfTheReadersOwnWithoutTheParamsItsClassRequiresStopsTheStart(@TempDir Path directory)
      throws Exception {
    // docs/channels.md's SmsHandler requires apiKey and signName
    Block withoutSignName =
        new Block(
            Path.of("docs/channels.md"),
            1,
            "xml",
            """
        <init-param><param-name>handler.sms.class</param-name>
          <param-value>com.example.SmsHandler</param-value></init-param>
        <init-param><param-name>handler.sms.on</param-name>
          <param-value>staffPush</param-value></init-param>
        <init-param><param-name>handler.sms.apiKey</param-name>
          <param-value>${env:SMS_API_KEY}</param-value></init-param>
        """,
            Optional.empty());
    SampleWebApp.Parts parts = parts(withoutSignName, "init-param");
    standIns(withoutSignName.page(), parts);

    Exception failure = assertThrows(Exception.class, () -> SampleWebApp.start(directory, parts));

    assertTrue(
        messages(failure).contains("'handler.sms.signName'")
            && messages(failure).contains("is required"),
        messages(failure));
  }

  @Test
  void anEnvironmentVariableWithoutAValueHereFailsTheTest() {
    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                withEnvironment(
                    "<param-value>${env:NOT_GIVEN_HERE}</param-value> $${env:ESCAPED}"));

    assertTrue(failure.getMessage().contains("NOT_GIVEN_HERE"), failure.getMessage());
  }

  @Test
  void anElementWithoutARuleFailsTheTest() {
    Block unknown = new Block(Path.of("README.md"), 1, "xml", "<project/>\n", Optional.empty());

    assertThrows(AssertionError.class, () -> parts(unknown, firstElement(unknown.text())));
  }

  // How a block becomes a web application.

  static String firstElement(String xml) {
    Matcher element = FIRST_ELEMENT.matcher(COMMENT.matcher(xml).replaceAll(""));
    if (!element.find()) {
      fail("no element in " + xml);
    }
    return element.group(1);
  }

  private SampleWebApp.Parts parts(Block block, String root) throws Exception {
    SampleWebApp.Parts parts = new SampleWebApp.Parts();
    String sample = block.text();
    String webXml;
    if (root.equals("web-app")) {
      webXml = sample;
    } else if (WEB_XML_ELEMENTS.contains(root)) {
      String beside = sample.contains(RECEIVER_CLASS) ? "" : RECEIVER.replace(PARAMS, "");
      webXml = webApp(beside + sample);
      if (root.equals("resource-ref")) {
        bindResourceRefs(sample, parts);
      }
    } else if (root.equals("init-param")) {
      webXml = webApp(withInitParams(sample));
    } else if (root.equals("Context")) {
      tomcatContext(sample, parts);
      // Tomcat binds a <Resource> at java:comp/env/NAME by itself; Jetty, for a resource-ref
      StringBuilder refs = new StringBuilder();
      for (String name : parts.resources.keySet()) {
        refs.append(resourceRef(name));
      }
      webXml =
          Files.readString(Path.of("webapp/WEB-INF/web.xml"))
              .replace("</web-app>", refs + "</web-app>");
      parts.envEntries.put("echat/token", ENVIRONMENT.get("ECHAT_TOKEN"));
    } else if (root.equals("Configure")) {
      StringBuilder refs = new StringBuilder(RECEIVER.replace(PARAMS, ""));
      Matcher resource = JETTY_RESOURCE.matcher(sample);
      while (resource.find()) {
        refs.append(resourceRef(resource.group(1)));
      }
      webXml = webApp(refs.toString());
      parts.jettyEnvXml = Optional.of(sample);
    } else {
      throw new AssertionError(
          block
              + ": no rule for an xml block that begins with <"
              + root
              + ">; give it one in "
              + XmlSamplesTest.class.getSimpleName());
    }
    Matcher registry = MICROMETER.matcher(webXml);
    if (registry.find() && !Set.of("global", "off").contains(registry.group(1))) {
      parts.contextAttributes.put(registry.group(1), new SimpleMeterRegistry());
    }
    Set<String> roles = new LinkedHashSet<>();
    if (webXml.contains("<login-config>")) {
      ROLE_NAME.matcher(webXml).results().forEach(role -> roles.add(role.group(1)));
    }
    parts.userRoles = roles.toArray(String[]::new);
    Matcher jndi = JNDI_PLACEHOLDER.matcher(webXml);
    while (jndi.find()) {
      String value = JNDI.get(jndi.group(1));
      if (value == null) {
        throw new AssertionError(
            block + ": the test gives no value for JNDI " + jndi.group(0) + ": add one to JNDI");
      }
      parts.envEntries.put(jndi.group(1), value);
    }
    parts.webXml = withEnvironment(webXml);
    return parts;
  }

  private static String webApp(String elements) {
    return "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
        + elements
        + "</web-app>\n";
  }

  /** The receiver (and, for admin params, the admin servlet) with the sample's init-params. */
  private static String withInitParams(String sample) {
    StringBuilder receiverParams = new StringBuilder();
    StringBuilder adminParams = new StringBuilder();
    Matcher param = INIT_PARAM.matcher(sample);
    while (param.find()) {
      Matcher name = PARAM_NAME.matcher(param.group());
      String paramName = name.find() ? name.group(1) : "";
      boolean admin = paramName.startsWith("admin") || paramName.startsWith("console");
      (admin ? adminParams : receiverParams).append(param.group()).append('\n');
    }
    if (adminParams.isEmpty()) {
      receiverParams = new StringBuilder(sample);
    }
    if (sample.contains("io.echatreceiver.channel.MemberInboxHandler")) {
      receiverParams
          .append(initParam("delivery", "durable"))
          .append(
              initParam(
                  "jdbcUrl",
                  "jdbc:h2:mem:docs-inbox-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1"))
          .append(initParam("createTables", "true"))
          .append(initParam("handler.inbox.createTable", "true"));
    }
    String servlets = RECEIVER.replace(PARAMS, receiverParams.toString());
    if (!adminParams.isEmpty()) {
      servlets += ADMIN.replace(PARAMS, adminParams.toString());
    }
    return servlets;
  }

  private static String resourceRef(String name) {
    return "  <resource-ref>\n    <res-ref-name>"
        + name
        + "</res-ref-name>\n"
        + "    <res-type>javax.sql.DataSource</res-type>\n"
        + "    <res-auth>Container</res-auth>\n  </resource-ref>\n";
  }

  private static String initParam(String name, String value) {
    return "<init-param><param-name>"
        + name
        + "</param-name><param-value>"
        + value
        + "</param-value></init-param>\n";
  }

  /** Every {@code ${env:NAME}} with the value of {@link #ENVIRONMENT} as its default. */
  static String withEnvironment(String xml) {
    Matcher env = ENV.matcher(xml);
    StringBuilder out = new StringBuilder();
    while (env.find()) {
      String value = ENVIRONMENT.get(env.group(1));
      if (value == null) {
        throw new AssertionError(
            "the test gives no value for " + env.group() + ": add one to ENVIRONMENT");
      }
      env.appendReplacement(
          out, Matcher.quoteReplacement("${env:" + env.group(1) + ":-" + value + "}"));
    }
    env.appendTail(out);
    return out.toString();
  }

  /** Each com.example handler class becomes {@link StandInHandler}; their names. */
  private static List<String> standIns(Path page, SampleWebApp.Parts parts) throws Exception {
    List<String> names = new ArrayList<>();
    Matcher own = OWN_HANDLER.matcher(parts.webXml);
    StringBuilder out = new StringBuilder();
    while (own.find()) {
      String handler = own.group(2);
      String simpleName = own.group(3).substring(own.group(3).lastIndexOf('.') + 1);
      StandInHandler.REQUIRED.put(handler, requiredParams(page, simpleName));
      names.add(handler);
      own.appendReplacement(
          out,
          Matcher.quoteReplacement(own.group(1) + StandInHandler.class.getName() + own.group(4)));
    }
    own.appendTail(out);
    parts.webXml = out.toString();
    return names;
  }

  /** The params that the page's Java class of this name reads with requiredParam. */
  static Set<String> requiredParams(Path page, String simpleName) throws Exception {
    Set<String> required = new LinkedHashSet<>();
    Pattern declaration = Pattern.compile("\\bclass " + Pattern.quote(simpleName) + "\\b");
    for (Block block : DocBlocks.of(page, Files.readString(page))) {
      if (block.language().equals("java") && declaration.matcher(block.text()).find()) {
        Pattern.compile("requiredParam\\(\"([^\"]+)\"\\)")
            .matcher(block.text())
            .results()
            .forEach(param -> required.add(param.group(1)));
      }
    }
    return required;
  }

  private static void bindResourceRefs(String sample, SampleWebApp.Parts parts) {
    Pattern.compile("<res-ref-name>\\s*([^<\\s]+)\\s*<")
        .matcher(sample)
        .results()
        .forEach(name -> parts.resources.put(name.group(1), h2("docs-ref-")));
  }

  private static DataSource h2(String prefix) {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + prefix + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  private void tomcatContext(String sample, SampleWebApp.Parts parts) throws Exception {
    Element context =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(sample.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    NodeList children = context.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getNodeType() != Node.ELEMENT_NODE) {
        continue;
      }
      Element child = (Element) children.item(i);
      switch (child.getTagName()) {
        case "Parameter" ->
            parts.contextParams.put(child.getAttribute("name"), child.getAttribute("value"));
        case "Environment" ->
            parts.envEntries.put(child.getAttribute("name"), child.getAttribute("value"));
        case "Resource" -> parts.resources.put(child.getAttribute("name"), tomcatPool(child));
        default -> fail("no rule for <" + child.getTagName() + "> in a Tomcat context");
      }
    }
  }

  /** The pool that the Resource's factory makes, H2 standing in for the database it names. */
  private DataSource tomcatPool(Element resource) throws Exception {
    Properties properties = new Properties();
    int database = DATABASES.incrementAndGet();
    NamedNodeMap attributes = resource.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node attribute = attributes.item(i);
      Matcher property = TOMCAT_PROPERTY.matcher(attribute.getNodeValue());
      String value =
          property.replaceAll(
              name -> {
                String given = TOMCAT_PROPERTIES.get(name.group(1));
                if (given == null) {
                  throw new AssertionError(
                      "the test gives no value for the Tomcat property "
                          + name.group()
                          + ": add one to TOMCAT_PROPERTIES");
                }
                return Matcher.quoteReplacement(given.replace("%d", String.valueOf(database)));
              });
      properties.setProperty(attribute.getNodeName(), value);
    }
    Class.forName(properties.getProperty("driverClassName"));
    properties.setProperty("driverClassName", "org.h2.Driver");
    Object factory =
        Class.forName(properties.getProperty("factory")).getDeclaredConstructor().newInstance();
    DataSource pool = ((DataSourceFactory) factory).createDataSource(properties);
    pools.add(((org.apache.tomcat.jdbc.pool.DataSource) pool)::close);
    return pool;
  }

  private static String checkUrl(SampleWebApp app, String echostr) throws Exception {
    String token =
        Optional.ofNullable(System.getenv("ECHAT_TOKEN")).orElse(ENVIRONMENT.get("ECHAT_TOKEN"));
    HttpResponse<String> response =
        HTTP.send(
            EchatRequests.checkUrl(echostr)
                .token(token)
                .build()
                .httpRequest(app.base().resolve("/echat")),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String messages(Throwable failure) {
    Map<Throwable, Boolean> seen = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      text.append(t).append('\n');
      for (Throwable suppressed : t.getSuppressed()) {
        text.append(messages(suppressed));
      }
    }
    return text.toString();
  }
}
