package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The peers a server on a network meets: a connect-and-close port scan of 10,000 connections,
 * peers that reset in the middle of a message, peers that half-close in the middle of one, and
 * peers that vanish without a word. Every one is counted and closed, nothing leaks (Netty's leak
 * detector runs at paranoid in the server), the descriptors come back, and none of it floods the
 * log.
 */
class HostilePeersIT {

  private static final int SCANS = 10_000;
  private static final int RESETS = 500;
  private static final int HALF_CLOSES = 500;
  private static final int VANISHED = 200;

  @Test
  void scansResetsHalfClosesAndVanishedPeersAreCountedClosedAndQuiet() throws Exception {
    try (BerthProcess server = BerthProcess.startWrapped(
        new String[] {"env", "JAVA_TOOL_OPTIONS=-Dio.netty.leakDetection.level=paranoid"},
        "server", "--host", "127.0.0.1", "--port", "0", "--metrics-host", "127.0.0.1", "--metrics-port", "0",
        "--idle-timeout", "2s")) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      try (Socket warmup = LoopbackSockets.connect(port)) {
        assertThat(LoopbackSockets.roundTrip(warmup, "warm-up")).isEqualTo("warm-up");
      }
      Await.until("the warm-up connection to close", () -> metrics.value("berth_connections_active") == 0);
      long filesBefore = ProcessStatus.openFiles(server.pid());
      int logLinesBefore = server.stderr().size();
      long start = System.nanoTime();

      for (int i = 0; i < SCANS; i++) {
        Socket socket = LoopbackSockets.connect(port);
        if (i % 2 == 1) {
          socket.setSoLinger(true, 0); // half the scanner's closes are resets
        }
        socket.close();
      }
      for (int i = 0; i < RESETS; i++) {
        Socket socket = LoopbackSockets.connect(port);
        socket.getOutputStream().write("half a mess".getBytes(StandardCharsets.US_ASCII));
        socket.setSoLinger(true, 0);
        socket.close();
      }
      for (int i = 0; i < HALF_CLOSES; i++) {
        try (Socket socket = LoopbackSockets.connect(port)) {
          socket.getOutputStream().write("half a mess".getBytes(StandardCharsets.US_ASCII));
          socket.shutdownOutput();
          assertThat(socket.getInputStream().read()).as("the server's answer to a truncated message").isEqualTo(-1);
        }
      }
      try (PeerCrowd vanished = PeerCrowd.connect(port, VANISHED, Duration.ofSeconds(10))) {
        vanished.sendToOpen("half a mess".getBytes(StandardCharsets.US_ASCII));
        vanished.awaitAllEnded(Duration.ofSeconds(10), Duration.ofSeconds(1), () -> { });
        assertThat(vanished.count(PeerCrowd.End.EOF)).as("vanished peers closed with a FIN").isEqualTo(VANISHED);
      }
      long attempts = 1 + SCANS + RESETS + HALF_CLOSES + VANISHED;
      Await.until("every connection to be closed", Duration.ofSeconds(20), () ->
          metrics.value("berth_connections_active") == 0 && metrics.value("berth_connections_closed_total") == attempts);
      System.out.printf("hostile peers: %d connections in %d ms, closed by cause %s%n", attempts,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), closedByCause(metrics));

      assertThat(metrics.value("berth_connections_accepted_total")).isEqualTo(attempts);
      assertThat(metrics.value("berth_connections_closed_total{cause=\"idle\"}")).isEqualTo(VANISHED);
      assertThat(metrics.value("berth_protocol_errors_total{reason=\"truncated\"}")).isGreaterThanOrEqualTo(HALF_CLOSES);
      assertThat(metrics.value("berth_connections_closed_total{cause=\"error\"}")).isGreaterThanOrEqualTo(RESETS);
      Await.until("the server's descriptors to come back", () -> ProcessStatus.openFiles(server.pid()) <= filesBefore);

      forceLeakReports(server, port);
      List<String> logged = server.stderr().subList(logLinesBefore, server.stderr().size());
      assertThat(logged).as("log lines from %d hostile connections", attempts).hasSizeLessThanOrEqualTo(5);
      assertThat(server.stderr()).as("leaks reported").noneMatch(line -> line.contains("LEAK"));
    }
  }

  /**
   * Netty reports a leaked buffer once it has been garbage collected, when a later allocation
   * polls the detector: collect, then allocate with some traffic.
   */
  private static void forceLeakReports(BerthProcess server, int port) throws IOException, InterruptedException {
    Process gc = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (Socket socket = LoopbackSockets.connect(port)) {
      for (int i = 0; i < 200; i++) {
        assertThat(LoopbackSockets.roundTrip(socket, "after the storm " + i)).isEqualTo("after the storm " + i);
      }
    }
  }

  private static String closedByCause(ProcessMetrics metrics) {
    StringBuilder causes = new StringBuilder();
    for (String cause : List.of("peer", "idle", "protocol", "error")) {
      causes.append(cause).append('=')
          .append(metrics.value("berth_connections_closed_total{cause=\"" + cause + "\"}")).append(' ');
    }
    return causes.append("truncated=").append(metrics.value("berth_protocol_errors_total{reason=\"truncated\"}"))
        .toString();
  }

}
