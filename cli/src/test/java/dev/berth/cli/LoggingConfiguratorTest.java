package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logback configured in code at start-up: the text format on stderr, as logback.xml had it. */
class LoggingConfiguratorTest {

  private final PrintStream realErr = System.err;
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restoreLogging() throws Exception {
    System.setErr(realErr);
    System.clearProperty("logback.configurationFile");
    reconfigure();
  }

  private void reconfigure() throws Exception {
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void writesTextLinesToStderrAtInfo() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    reconfigure();

    Logger log = LoggerFactory.getLogger("dev.berth.server.BerthServer");
    log.info("berth ready: address={}", "127.0.0.1:12345");
    log.debug("below the level: not written");
    log.warn("with an error", new IllegalStateException("boom"));

    String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0]).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  BerthServer - "
            + "berth ready: address=127\\.0\\.0\\.1:12345");
    assertThat(lines[1]).endsWith(" WARN  BerthServer - with an error");
    assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(lines[3]).startsWith("\tat ");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
  }

  @Test
  void aConfigurationFileGivenByTheUserWins(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("custom.xml");
    Files.writeString(file, """
        <configuration>
          <appender name="CUSTOM" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>custom %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="CUSTOM"/></root>
        </configuration>
        """);
    System.setProperty("logback.configurationFile", file.toString());
    reconfigure();

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CUSTOM")).isNotNull();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
  }
}
