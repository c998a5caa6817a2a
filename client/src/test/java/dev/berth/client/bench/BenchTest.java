package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.ClientException;
import dev.berth.client.TestServer;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.berth.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BenchTest {

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @ParameterizedTest
  @EnumSource(Framing.class)
  void closedLoopAgainstAnEchoServerRunsClean(Framing framing) throws IOException {
    try (TestServer server = TestServer.echo(framing)) {
      BenchReport report = run(server, "framing", framing.optionName(), "connections", "4", "pipeline", "4");

      assertClean(report);
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.get("messages").asLong()).isEqualTo(report.messages());
      assertThat(json.get("framing").asText()).isEqualTo(framing.optionName());
      assertThat(json.get("errors").get("mismatch").asLong()).isZero();
      assertThat(json.get("failed").asBoolean()).isFalse();
    }
  }

  @Test
  void printsProgressEachSecondAndATable() {
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      BenchReport report = run(server, "duration", "1200ms", "warmup", "300ms", "connections", "2", "size", "1KiB");

      assertClean(report);
      assertThat(progress.toString(StandardCharsets.UTF_8).lines()).hasSizeGreaterThanOrEqualTo(1)
          .first().asString().startsWith("[   1s] ").contains(" msg/s ").endsWith("errors 0");
      assertThat(report.toTable())
          .contains("berth bench: 127.0.0.1:" + server.port() + ", line framing, 1KiB messages, 2 connections")
          .contains("  messages  ", "  latency  ", "  errors      refused 0   reset 0   timeout 0   mismatch 0   lost 0")
          .contains("  result      ok: every reply arrived and matched byte for byte");
    }
  }

  @Test
  void openLoopSendsAtTheRate() {
    try (TestServer server = TestServer.echo(Framing.LENGTH)) {
      BenchReport report = run(server, "framing", "length", "rate", "2000", "connections", "4", "pipeline", "8", "duration", "1s");

      assertClean(report);
      // 2000/s for one second; the tail of in-flight replies and timer granularity allow some slack.
      assertThat(report.messages()).isBetween(1200L, 2200L);
      assertThat(report.toTable()).contains("open loop at 2,000 msg/s", "* measured from each message's intended send time");
    }
  }

  @Test
  void churnOpensAConnectionPerMessage() {
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      BenchReport report = run(server, "churn", "true", "connections", "3", "io-threads", "2");

      assertClean(report);
      assertThat(report.connections()).isPositive();
      assertThat(report.connectLatency().count()).isEqualTo(report.connections());
      assertThat(server.connections()).isGreaterThanOrEqualTo((int) report.messages());
      assertThat(report.toTable()).contains("  connections ", "  connect  ");
    }
  }

  @Test
  void resendsWhatADrainingServerLeftUnansweredAndLosesNothing() {
    try (TestServer server = TestServer.start(Framing.LENGTH, TestServer.Behaviour.HALF_CLOSE_AFTER, 25)) {
      BenchReport report = run(server, "framing", "length", "connections", "3", "pipeline", "8");

      assertClean(report);
      assertThat(report.resent()).isPositive();
      assertThat(server.connections()).isGreaterThan(3);
    }
  }

  @Test
  void stopEndsARunWithoutADurationAndReportsWhatItMeasured() throws Exception {
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      Bench bench = new Bench(config(server, "duration", "0", "warmup", "0", "connections", "2"),
          new PrintStream(progress, true));
      CompletableFuture<BenchReport> running = CompletableFuture.supplyAsync(bench::run);
      Await.until("a message answered", () -> server.messages() > 100);
      bench.stop();
      BenchReport report = running.get(30, TimeUnit.SECONDS);

      assertClean(report);
      assertThat(report.stoppedEarly()).isTrue();
      assertThat(report.seconds()).isPositive();
      assertThat(report.toTable()).contains(", until stopped after 0 warmup, ");
      assertThat(new ObjectMapper().readTree(report.toJson()).get("stopped_early").asBoolean()).isTrue();
    }
  }

  @Test
  void aStopDuringTheWarmupMeasuresNothingAndSaysSo() {
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      Bench bench = new Bench(config(server, "duration", "10s", "warmup", "1m", "connections", "1"),
          new PrintStream(progress, true));
      CompletableFuture<BenchReport> running = CompletableFuture.supplyAsync(bench::run);
      Await.until("a message answered", () -> server.messages() > 10);
      bench.stop();
      BenchReport report = running.join();

      assertThat(report.failed()).as(report.toTable()).isFalse();
      assertThat(report.messages()).isZero();
      assertThat(report.replies()).isPositive();
      assertThat(report.toTable()).contains("  latency     no replies\n", ", stopped early")
          .contains("stopped during the warmup: nothing measured");
    }
  }

  @Test
  void noRepliesAtAllIsAFailureWithoutARowOfZeros() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.SILENT, 0)) {
      BenchReport report = run(server, "connections", "1", "timeout", "100ms", "churn", "true");

      assertThat(report.failed()).isTrue();
      assertThat(report.toTable()).contains("  latency     no replies\n").doesNotContain("p50 0ns");
      assertThat(report.verdict()).startsWith("FAILED: no reply was received: is the server length-framed?"
          + " It takes text for a bad length header; try --framing length; or does it want a PROXY header or TLS"
          + " first? try --proxy-protocol or --tls (first error: ");
    }
  }

  @Test
  void withoutResendWhatAClosingServerLeftUnansweredIsLost() {
    try (TestServer server = TestServer.start(Framing.LENGTH, TestServer.Behaviour.HALF_CLOSE_AFTER, 25)) {
      BenchReport report = run(server, "framing", "length", "connections", "3", "pipeline", "8", "resend", "false");

      assertThat(report.resent()).isZero();
      assertThat(report.errors(ErrorKind.LOST)).isPositive();
      assertThat(report.errors(ErrorKind.RESET) + report.errors(ErrorKind.TIMEOUT)).isZero();
      assertThat(report.firstProblem()).startsWith("lost: connection ").endsWith(" (no resend)")
          .contains("server closed before answering message ");
      assertThat(report.failed()).isTrue();
      assertThat(report.toTable()).contains(", no resend\n");
    }
  }

  @Test
  void oneShotChurnCountsEveryConnectionClosedUnansweredAsLostAndGoesOn() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.HALF_CLOSE_AFTER, 0)) {
      BenchReport report = run(server, "churn", "true", "connections", "2", "resend", "false");

      assertThat(report.resent()).isZero();
      // Every connection was closed unanswered and counted once, and the load went on with new ones.
      assertThat(report.errors(ErrorKind.LOST)).isGreaterThan(2).isLessThanOrEqualTo(server.connections());
      assertThat(report.firstProblem()).endsWith("(no resend)");
    }
  }

  @Test
  void aCorruptedByteIsAMismatchAndFailsTheRun() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.CORRUPT_ONE, 50)) {
      BenchReport report = run(server, "connections", "2", "pipeline", "2");

      assertThat(report.errors(ErrorKind.MISMATCH)).isEqualTo(1);
      assertThat(report.failed()).isTrue();
      assertThat(report.verdict()).startsWith("FAILED: 0 lost, 1 corrupted, 0 timed out (first error: mismatch: connection ");
    }
  }

  @Test
  void aDroppedReplyFollowedByOthersIsLost() {
    try (TestServer server = TestServer.start(Framing.LENGTH, TestServer.Behaviour.DROP_ONE, 50)) {
      BenchReport report = run(server, "framing", "length", "connections", "2", "pipeline", "4");

      assertThat(report.errors(ErrorKind.LOST)).isEqualTo(1);
      assertThat(report.failed()).isTrue();
    }
  }

  @Test
  void aDroppedReplyWithNothingAfterItTimesOut() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.DROP_ONE, 50)) {
      BenchReport report = run(server, "connections", "1", "timeout", "200ms");

      assertThat(report.errors(ErrorKind.TIMEOUT)).isEqualTo(1);
      assertThat(report.failed()).isTrue();
      assertThat(report.messages()).isPositive();
    }
  }

  @Test
  void anUnreachableServerIsOneClearError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BenchConfig config = BenchConfig.defaults("port", Integer.toString(port));

    assertThatThrownBy(() -> Bench.run(config, new PrintStream(progress)))
        .isInstanceOf(ClientException.class)
        .hasMessage("cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  private BenchReport run(TestServer server, String... options) {
    BenchReport report = Bench.run(config(server, options), new PrintStream(progress, true));
    assertThat(report.seconds()).isPositive();
    return report;
  }

  private static BenchConfig config(TestServer server, String... options) {
    return BenchRuns.config(server.port(), options);
  }

  private static void assertClean(BenchReport report) {
    BenchRuns.assertClean(report);
  }
}
