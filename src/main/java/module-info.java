/**
 * The Echat push receiver. It exports what its users name: the handler API ({@code
 * io.echatreceiver}), the pushes ({@code model}), what assembles a receiver ({@code receiver}: the
 * servlet, the builder and library mode), the built-in handlers ({@code channel}), the test kit
 * ({@code testkit}) and the operators' servlet ({@code admin}). Its inner steps are not exported:
 * their public types serve each other and may change in any release.
 *
 * <p>Micrometer, Jackson, Jakarta Mail, HikariCP and picocli are optional: each is needed only by
 * the feature that uses it.
 */
module io.echatreceiver {
  requires transitive jakarta.servlet;
  requires transitive java.sql;
  requires java.management;
  requires java.naming;
  requires java.net.http;
  requires java.xml;
  requires com.ctc.wstx;
  requires org.codehaus.stax2;
  requires org.apache.commons.codec;
  requires org.slf4j;
  requires static com.fasterxml.jackson.databind;
  requires static com.fasterxml.jackson.datatype.jsr310;
  requires static com.zaxxer.hikari;
  requires static info.picocli;
  requires static jakarta.mail;
  requires static micrometer.core;

  exports io.echatreceiver;
  exports io.echatreceiver.admin;
  exports io.echatreceiver.channel;
  exports io.echatreceiver.model;
  exports io.echatreceiver.receiver;
  exports io.echatreceiver.testkit;

  opens io.echatreceiver.cli to
      info.picocli;
}
