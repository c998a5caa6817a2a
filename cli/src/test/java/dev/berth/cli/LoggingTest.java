package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.LogFormat;
import dev.berth.config.LogLevel;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@code --log-format json} end to end: berth's and Netty's log lines, as JSON on stderr. */
class LoggingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream realErr = System.err;

  @AfterEach
  void restoreLogging() throws Exception {
    System.setErr(realErr);
    MDC.clear();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonLinesFromBerthAndNettyParseAsJson() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Logging.configure(LogLevel.INFO, LogFormat.JSON, "web-7");

    Logger log = LoggerFactory.getLogger("dev.berth.server.BerthServer");
    log.atInfo().addKeyValue("remote", "127.0.0.1:41000").log("connection from {}", "127.0.0.1:41000");
    MDC.put("request", "abc");
    log.warn("with \"quotes\"\nand a second line", new IllegalStateException("boom"));
    MDC.remove("request");
    log.debug("below the level: not written");
    InternalLoggerFactory.getInstance("io.netty.test").warn("from netty");

    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.get("instance").asText()).isEqualTo("web-7");
      assertThat(line.has("time")).isTrue();
    });
    assertThat(lines.get(0).get("remote").asText()).isEqualTo("127.0.0.1:41000");
    assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(1).get("message").asText()).isEqualTo("with \"quotes\"\nand a second line");
    assertThat(lines.get(1).get("request").asText()).isEqualTo("abc");
    assertThat(lines.get(1).get("error").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(lines.get(2).get("logger").asText()).isEqualTo("io.netty.test");
    assertThat(lines.get(2).get("message").asText()).isEqualTo("from netty");
  }
}
