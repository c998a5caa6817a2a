package dev.berth.server.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.testing.wire.FuzzInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzzing of a whole connection: the real {@link ServerChannelInitializer}
 * pipeline in every framing and mode, fed any stream cut into reads any way, with or without a
 * FIN, with a peer that reads or one that makes the server push back. See {@link PipelineScenario}
 * for what is checked and docs/hardening.md for the input layout and longer runs.
 */
class ServerPipelineFuzzTest {

  // Each input is a connection with its debug lines (open, protocol error, close): at fuzzing
  // speed they would cost more than the pipeline itself.
  private static final Logger BERTH = (Logger) LoggerFactory.getLogger("dev.berth");
  private static Level before;

  @BeforeAll
  static void quietConnectionLogs() {
    before = BERTH.getLevel();
    BERTH.setLevel(Level.WARN);
  }

  @AfterAll
  static void restoreConnectionLogs() {
    BERTH.setLevel(before);
  }

  @FuzzTest(maxDuration = "20s")
  void servesEveryStreamAsTheContractSays(byte[] data) {
    new PipelineScenario(FuzzInput.parse(data)).check();
  }
}
