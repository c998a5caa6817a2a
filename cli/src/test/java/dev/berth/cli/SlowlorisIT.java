package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thousand connections that each send a byte every half second and never finish a line are
 * closed by a 2 s idle timeout, which counts whole messages, not bytes; a normal client is served
 * throughout: every one of its round trips, a line every 10 ms, is answered within its 5 s socket
 * timeout. Its latency is printed as a measurement, not asserted: how fast a busy CI machine
 * answers is not what this test is about.
 */
class SlowlorisIT {

  private static final int PEERS = 1000;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void tricklingPeersAreClosedByTheIdleTimeoutWhileOthersAreServed() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--idle-timeout", "2s")) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);

      List<Double> latencies;
      try (EchoProbe probe = new EchoProbe(port, 10);
          PeerCrowd slowloris = PeerCrowd.connect(port, PEERS, Duration.ofSeconds(20))) {
        slowloris.awaitAllEnded(Duration.ofSeconds(20), Duration.ofMillis(500),
            () -> slowloris.sendToOpen(new byte[] {'x'}));
        latencies = probe.stop();

        assertThat(slowloris.count(PeerCrowd.End.OPEN)).as("slowloris peers still open").isZero();
        assertThat(slowloris.count(PeerCrowd.End.FAILED_TO_CONNECT)).isZero();
        assertThat(slowloris.peers()).allSatisfy(peer ->
            assertThat(slowloris.endedAfter(peer)).as("closed by the idle timeout, not before")
                .isGreaterThanOrEqualTo(IDLE_TIMEOUT));
        assertThat(probe.failures()).isEmpty();
      }

      assertThat(metrics.value("berth_connections_closed_total{cause=\"idle\"}")).isEqualTo(PEERS);
      assertThat(latencies).isNotEmpty();
      double p99 = EchoProbe.percentile(latencies, 99);
      System.out.printf("slowloris: %d peers closed by the idle timeout; probe p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          PEERS, EchoProbe.percentile(latencies, 50), p99, latencies.get(latencies.size() - 1));
    }
  }
}
