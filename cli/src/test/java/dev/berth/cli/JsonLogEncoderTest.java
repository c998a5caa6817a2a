package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class JsonLogEncoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.berth.test");
  private final JsonLogEncoder encoder = new JsonLogEncoder("web-1");

  private String encode(LoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void writesOneObjectOnOneLineWithTheFixedFields() throws IOException {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.INFO, "ready on {}", null, new Object[] {"x:1"});
    event.setTimeStamp(1_700_000_000_123L);
    event.setThreadName("main");

    String line = encode(event);

    assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("time").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("dev.berth.test");
    assertThat(json.get("thread").asText()).isEqualTo("main");
    assertThat(json.get("message").asText()).isEqualTo("ready on x:1");
    assertThat(json.get("instance").asText()).isEqualTo("web-1");
  }

  @Test
  void escapesEverythingJsonRequires() throws IOException {
    String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 line-separator \u2028 snow ☃";
    LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.WARN, nasty, null, null);

    String line = encode(event);

    assertThat(line).hasLineCount(1);
    assertThat(JSON.readTree(line).get("message").asText()).isEqualTo(nasty);
  }

  @Test
  void addsKeyValuePairsTypedAndNeverTwice() throws IOException {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.DEBUG, "connection closed", null, null);
    event.addKeyValuePair(new KeyValuePair("remote", "127.0.0.1:50000"));
    event.addKeyValuePair(new KeyValuePair("bytes", 42L));
    event.addKeyValuePair(new KeyValuePair("clean", true));
    event.addKeyValuePair(new KeyValuePair("nothing", null));
    event.addKeyValuePair(new KeyValuePair("message", "would overwrite"));

    JsonNode json = JSON.readTree(encode(event));

    assertThat(json.get("remote").asText()).isEqualTo("127.0.0.1:50000");
    assertThat(json.get("bytes").isNumber()).isTrue();
    assertThat(json.get("bytes").asLong()).isEqualTo(42);
    assertThat(json.get("clean").isBoolean()).isTrue();
    assertThat(json.get("nothing").isNull()).isTrue();
    assertThat(json.get("message").asText()).isEqualTo("connection closed");
  }

  @Test
  void putsTheStackTraceInOneField() throws IOException {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.ERROR, "failed", new IllegalStateException("boom"), null);

    String line = encode(event);

    assertThat(line).hasLineCount(1);
    assertThat(JSON.readTree(line).get("error").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("at dev.berth.cli.JsonLogEncoderTest");
  }
}
