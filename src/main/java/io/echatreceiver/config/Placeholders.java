package io.echatreceiver.config;

final class Placeholders {
  static Placeholders system() { return new Placeholders(); }
  String resolve(String name, String value) throws ConfigException {
    if (!value.contains("${")) return value;
    String inner = value.substring(value.indexOf("${") + 2, value.lastIndexOf('}'));
    String src = inner.substring(0, inner.indexOf(':'));
    String rest = inner.substring(inner.indexOf(':') + 1);
    String def = null;
    int d = rest.indexOf(":-");
    if (d >= 0) { def = rest.substring(d + 2); rest = rest.substring(0, d); }
    String v = src.equals("env") ? System.getenv(rest) : System.getProperty(rest);
    if (v == null) v = def;
    if (v == null) throw new ConfigException("init-param '" + name + "': ${" + inner + "} is not set");
    return v;
  }
}
