package dev.berth.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line, for log collectors:
 *
 * <pre>
 * {"time":"2025-01-31T12:00:00.000Z","level":"INFO","logger":"dev.berth.server.BerthServer",
 *  "thread":"main","message":"berth 1.0 ready: ...","instance":"web-1-4242","address":"0.0.0.0:12345"}
 * </pre>
 *
 * After the fixed fields come the event's MDC entries and its SLF4J key-value pairs (such as a
 * remote address), then {@code error} with the stack trace when there is one. A key already
 * written is not written again, so the object never has duplicate keys.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private final String instance;

  /** @param instance the {@code --instance-id}, added to every line */
  JsonLogEncoder(String instance) {
    this.instance = instance;
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject json = new JsonObject();
    json.put("time", TIME.format(event.getInstant()));
    json.put("level", event.getLevel().toString());
    json.put("logger", event.getLoggerName());
    json.put("thread", event.getThreadName());
    json.put("message", event.getFormattedMessage());
    json.put("instance", instance);
    for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
      json.put(entry.getKey(), entry.getValue());
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        json.put(pair.key, pair.value);
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      json.put("error", ThrowableProxyUtil.asString(error));
    }
    return json.finish().getBytes(StandardCharsets.UTF_8);
  }

  /** One JSON object being written; values are strings, numbers, booleans or null. */
  private static final class JsonObject {
    private final StringBuilder out = new StringBuilder(256).append('{');
    private final Set<String> keys = new HashSet<>();

    void put(String key, Object value) {
      if (key == null || !keys.add(key)) {
        return;
      }
      if (keys.size() > 1) {
        out.append(',');
      }
      string(key);
      out.append(':');
      if (value == null) {
        out.append("null");
      } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
        out.append(value);
      } else {
        string(value.toString());
      }
    }

    String finish() {
      return out.append("}\n").toString();
    }

    private void string(String text) {
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"': out.append("\\\""); break;
          case '\\': out.append("\\\\"); break;
          case '\n': out.append("\\n"); break;
          case '\r': out.append("\\r"); break;
          case '\t': out.append("\\t"); break;
          default:
            if (c < 0x20 || c == '\u2028' || c == '\u2029') {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
        }
      }
      out.append('"');
    }
  }
}
