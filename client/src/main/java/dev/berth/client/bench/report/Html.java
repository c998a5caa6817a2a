package dev.berth.client.bench.report;

/** Text made safe for HTML and XML, in content and in attribute values. */
final class Html {

  private Html() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default:
          // Control characters are not allowed in XML 1.0; nothing a report shows needs them.
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
      }
    }
    return out.toString();
  }
}
