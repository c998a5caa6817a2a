package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * With every one of {@code --max-connections} taken, a burst of 5,000 more connection attempts
 * are each accepted and closed at once with a FIN, counted, and never push the server past its
 * limit; as soon as a connection frees a place, the next one is served.
 */
class ConnectionFloodIT {

  private static final int LIMIT = 100;
  private static final int BURST = 5000;

  @Test
  void aBurstPastTheLimitIsRefusedCleanlyCountedAndForgotten() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--max-connections", Integer.toString(LIMIT),
        "--backlog", "4096")) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      List<Socket> admitted = new ArrayList<>();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      AtomicLong mostActive = new AtomicLong();
      try {
        for (int i = 0; i < LIMIT; i++) {
          admitted.add(echoing(port, "admitted-" + i));
        }
        sampler.scheduleWithFixedDelay(() -> mostActive.accumulateAndGet(
            metrics.value("berth_connections_active"), Math::max), 0, 20, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        try (PeerCrowd flood = PeerCrowd.connect(port, BURST, Duration.ofSeconds(30))) {
          flood.awaitAllEnded(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> { });
          System.out.printf("flood: %d attempts past the limit refused in %d ms%n",
              BURST, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          assertThat(flood.count(PeerCrowd.End.EOF)).as("refused with a FIN").isEqualTo(BURST);
        }
        sampler.shutdown();
        assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(mostActive.get()).as("most connections open at once").isEqualTo(LIMIT);
        assertThat(metrics.value("berth_connections_rejected_total{reason=\"max_connections\"}")).isEqualTo(BURST);
        assertThat(metrics.value("berth_connections_accepted_total")).isEqualTo(LIMIT);
        for (Socket socket : admitted) {
          assertThat(LoopbackSockets.roundTrip(socket, "still served")).isEqualTo("still served");
        }

        admitted.remove(0).close();
        Await.until("a place to free up", () -> metrics.value("berth_connections_active") == LIMIT - 1);
        try (Socket next = echoing(port, "next")) {
          assertThat(metrics.value("berth_connections_accepted_total")).isEqualTo(LIMIT + 1);
        }
      } finally {
        sampler.shutdownNow();
        for (Socket socket : admitted) {
          socket.close();
        }
      }
    }
  }

  /** A connection that has shown it is served by echoing {@code line}. */
  private static Socket echoing(int port, String line) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    assertThat(LoopbackSockets.roundTrip(socket, line)).isEqualTo(line);
    return socket;
  }

}
