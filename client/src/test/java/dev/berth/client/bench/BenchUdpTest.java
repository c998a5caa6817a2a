package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.ClientException;
import dev.berth.client.UdpTestServer;
import dev.berth.config.BenchConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code berth bench --udp} against UDP echo servers that answer, drop and corrupt. */
class BenchUdpTest {

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @ParameterizedTest
  @ValueSource(strings = {"1", "64", "65507"})
  void everyDatagramIsAnsweredAndCheckedByteForByte(String size) throws IOException {
    try (UdpTestServer server = UdpTestServer.echo()) {
      BenchReport report = run(server, "size", size, "connections", "3", "pipeline", "4");

      assertThat(report.errors().values()).as(report.toTable()).containsOnly(0L);
      assertThat(report.failed()).isFalse();
      assertThat(report.messages()).isPositive();
      assertThat(report.datagramsSent()).isGreaterThanOrEqualTo(report.replies());
      assertThat(server.received()).isGreaterThanOrEqualTo(report.datagramsSent());
      assertThat(report.toTable())
          .contains("berth bench: 127.0.0.1:" + server.port() + " over UDP, " + (size.equals("65507") ? "65507 B" : size + " B")
              + " datagrams, 3 senders, pipeline 4, closed loop")
          .contains("  datagrams   ")
          .contains("  errors      lost 0 (0% of " + String.format("%,d", report.datagramsSent())
              + " sent; --max-loss 0 datagrams)   mismatch 0   refused 0   reset 0")
          .contains("  result      ok: every datagram was answered and matched byte for byte");
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.get("protocol").asText()).isEqualTo("udp");
      assertThat(json.get("framing").isNull()).isTrue();
      assertThat(json.get("datagrams_sent").asLong()).isEqualTo(report.datagramsSent());
      assertThat(json.get("max_loss").asText()).isEqualTo("0 datagrams");
    }
  }

  @Test
  void anOpenLoopSendsAtTheRate() {
    try (UdpTestServer server = UdpTestServer.echo()) {
      BenchReport report = run(server, "rate", "2000", "connections", "4", "pipeline", "8", "duration", "1s");

      assertThat(report.failed()).as(report.toTable()).isFalse();
      assertThat(report.messages()).isBetween(1200L, 2200L);
    }
  }

  @Test
  void datagramsUnansweredWithinTheTimeoutAreLostAndFailTheRunPastMaxLoss() {
    BenchReport strict = runDroppingEveryTenth();
    BenchReport tolerant = runDroppingEveryTenth("max-loss", "50%");
    BenchReport counted = runDroppingEveryTenth("max-loss", "3");

    for (BenchReport report : List.of(strict, tolerant, counted)) {
      // Every datagram sent was answered or lost; one in ten never is.
      assertThat(report.replies() + report.errors(ErrorKind.LOST)).as(report.toTable()).isEqualTo(report.datagramsSent());
      assertThat(report.errors(ErrorKind.LOST)).isGreaterThanOrEqualTo(report.datagramsSent() / 10 - 1).isPositive();
      assertThat(report.errors(ErrorKind.MISMATCH)).isZero();
      assertThat(report.datagramsSent()).isGreaterThan(40);
    }
    assertThat(strict.failed()).isTrue();
    assertThat(strict.verdict()).startsWith("FAILED: " + String.format("%,d", strict.errors(ErrorKind.LOST)) + " of "
        + String.format("%,d", strict.datagramsSent()) + " datagrams lost (").contains("), more than --max-loss 0 datagrams")
        .contains("(first error: lost: sender ");
    assertThat(tolerant.failed()).as(tolerant.toTable()).isEqualTo(tolerant.lossFraction() > 0.5);
    assertThat(tolerant.verdict()).startsWith("ok: ").endsWith(
        " datagrams lost (" + Formats.percent(tolerant.lossFraction())
            + "), within --max-loss 50%; every reply matched byte for byte");
    assertThat(counted.failed()).isTrue();
  }

  /**
   * An open loop, so the load goes on while lost datagrams wait out the timeout, with room in the
   * pipeline for them: 1,000/s of which 10% are lost for 1 s is 100 in flight, 50 per sender.
   */
  private BenchReport runDroppingEveryTenth(String... options) {
    try (UdpTestServer server = UdpTestServer.droppingEvery(10)) {
      List<String> pairs = new ArrayList<>(List.of("connections", "2", "rate", "1000", "pipeline", "256",
          "timeout", "1s"));
      pairs.addAll(List.of(options));
      return run(server, pairs.toArray(String[]::new));
    }
  }

  @Test
  void aCorruptedDatagramIsAMismatchWhateverTheMaxLoss() {
    try (UdpTestServer server = UdpTestServer.corrupting(30)) {
      BenchReport report = run(server, "connections", "2", "max-loss", "100%");

      assertThat(report.errors(ErrorKind.MISMATCH)).isEqualTo(1);
      assertThat(report.errors(ErrorKind.LOST)).isZero();
      assertThat(report.failed()).isTrue();
      assertThat(report.firstProblem()).contains("differs from what was sent");
    }
  }

  @Test
  void aSilentServerIsMeasuredAndFailsWithNoReplies() {
    try (UdpTestServer server = UdpTestServer.droppingEvery(1)) {
      BenchReport report = run(server, "connections", "1", "timeout", "100ms", "max-loss", "100%");

      assertThat(report.failed()).isTrue();
      assertThat(report.verdict()).startsWith("FAILED: no reply was received");
    }
  }

  @Test
  void aPortNothingListensOnIsOneClearError() throws IOException {
    int port;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    BenchConfig config = BenchConfig.defaults("udp", "true", "port", Integer.toString(port));

    assertThatThrownBy(() -> Bench.run(config, new PrintStream(progress)))
        .isInstanceOf(ClientException.class)
        .hasMessage("cannot reach 127.0.0.1:" + port + " over UDP: port unreachable (nothing listens on that UDP port)");
  }

  private BenchReport run(UdpTestServer server, String... options) {
    List<String> pairs = new ArrayList<>(List.of("udp", "true"));
    pairs.addAll(List.of(options));
    BenchReport report = Bench.run(BenchRuns.config(server.port(), pairs.toArray(String[]::new)),
        new PrintStream(progress, true));
    assertThat(report.seconds()).isPositive();
    return report;
  }
}
