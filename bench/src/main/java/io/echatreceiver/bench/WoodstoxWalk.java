package io.echatreceiver.bench;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The scale both the parsing and the HTTP benchmarks measure the receiver against: a bare Woodstox
 * event walk that puts each child of the root into a map by name, with nothing checked.
 */
public final class WoodstoxWalk {

  private WoodstoxWalk() {}

  /** Walks the document, each child of the root into the map with {@code getElementText()}. */
  public static Map<String, String> intoHashMap(XMLInputFactory woodstox, InputStream document)
      throws XMLStreamException {
    XMLStreamReader reader = woodstox.createXMLStreamReader(document);
    try {
      Map<String, String> fields = new HashMap<>();
      int depth = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 2) {
            fields.put(reader.getLocalName(), reader.getElementText());
            depth--;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
      return fields;
    } finally {
      reader.close();
    }
  }
}
