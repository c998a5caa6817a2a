package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code berth bench} as a process ended by a signal: the first SIGINT or SIGTERM ends the
 * measured time and the full report is printed (exit 130 or 143); a second one exits at once.
 * This is how the rolling-upgrade script ends its loads once the upgrade is over, whatever the
 * machine's speed.
 */
class BenchSignalsIT {

  @Test
  void sigtermEndsARunWithoutDurationWithItsJsonReportAndExit143() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0");
        BerthProcess bench = BerthProcess.start("bench", "--port", Integer.toString(server.awaitReadyPort()),
            "--connections", "4", "--duration", "0", "--warmup", "0", "--json")) {
      awaitProgress(bench);
      bench.signal("TERM");

      assertThat(bench.awaitExit(Duration.ofSeconds(30))).as(String.join("\n", bench.stderr())).isEqualTo(143);
      JsonNode report = new ObjectMapper().readTree(String.join("\n", bench.stdout()));
      assertThat(report.get("stopped_early").asBoolean()).isTrue();
      assertThat(report.get("messages").asLong()).isPositive();
      assertThat(report.get("failed").asBoolean()).isFalse();
      assertThat(String.join("\n", bench.stderr())).contains("berth: SIGTERM: ending the measured time");
    }
  }

  @Test
  void ctrlCEndsAFixedDurationEarlyWithTheTableAndExit130() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0");
        BerthProcess bench = BerthProcess.start("bench", "--port", Integer.toString(server.awaitReadyPort()),
            "--connections", "4", "--duration", "10m", "--warmup", "0")) {
      awaitProgress(bench);
      bench.signal("INT");

      assertThat(bench.awaitExit(Duration.ofSeconds(30))).as(String.join("\n", bench.stderr())).isEqualTo(130);
      assertThat(String.join("\n", bench.stdout())).contains("10m after 0 warmup", "stopped early", "  latency     p50 ")
          .contains("  result      ok: every reply arrived and matched byte for byte");
    }
  }

  @Test
  void aSecondSignalExitsAtOnceWhileRepliesAreAwaited() throws Exception {
    // The kernel completes handshakes on this socket, and nobody ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BerthProcess bench = BerthProcess.start("bench", "--port", Integer.toString(silent.getLocalPort()),
            "--connections", "2", "--duration", "0", "--warmup", "0", "--timeout", "10m")) {
      awaitProgress(bench);
      bench.signal("TERM");
      Await.until("the first signal taken", Duration.ofSeconds(20),
          () -> String.join("\n", bench.stderr()).contains("ending the measured time"));
      bench.signal("TERM");

      assertThat(bench.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(String.join("\n", bench.stderr())).contains("berth: second SIGTERM: stopping now");
    }
  }

  private static void awaitProgress(BerthProcess bench) {
    Await.until("a progress line (stderr: " + bench.stderr() + ")", Duration.ofSeconds(30),
        () -> bench.stderr().stream().anyMatch(line -> line.contains("msg/s")) || !bench.isAlive());
    assertThat(bench.isAlive()).as(String.join("\n", bench.stderr())).isTrue();
  }
}
