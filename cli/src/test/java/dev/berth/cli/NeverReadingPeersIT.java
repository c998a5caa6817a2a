package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hundred peers that write as fast as they can and never read their replies: the server stops
 * reading from each once its replies back up (write-buffer watermarks), so its memory stays
 * within a bound whatever they send, and it keeps serving everyone else. In both framings, whose
 * echo relays pass replies on as the bytes that were read.
 */
class NeverReadingPeersIT {

  private static final int PEERS = 100;
  /**
   * The documented bounds (docs/hardening.md). Buffers: per peer, the 64 KiB high watermark of
   * queued replies, the replies to the read that crossed it, and a partial line. Resident memory
   * also holds the JVM heap, which grows toward -Xmx under the churn of echoing gigabytes.
   */
  private static final long MAX_BUFFERS = PEERS * 256L * 1024;
  private static final long MAX_RSS_GROWTH = 128L * 1024 * 1024;

  @ParameterizedTest
  @ValueSource(strings = {"line", "length"})
  void peersThatNeverReadCannotGrowTheServer(String framing) throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--framing", framing)) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      try (Socket warmup = LoopbackSockets.connect(port)) {
        for (int i = 0; i < 1000; i++) {
          assertThat(LoopbackSockets.roundTrip(warmup, framing, "warm-up " + i)).isEqualTo("warm-up " + i);
        }
      }
      long rssBefore = ProcessStatus.rssBytes(server.pid());
      byte[] message = framing.equals("line")
          ? ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII)
          : ByteBuffer.allocate(1024).putLong(1024).put("x".repeat(1016).getBytes(StandardCharsets.US_ASCII)).array();

      try (PeerCrowd peers = PeerCrowd.connect(port, PEERS, Duration.ofSeconds(20))) {
        long written = peers.writeUntilStalled(message, Duration.ofSeconds(1), Duration.ofSeconds(30));
        long rssStalled = ProcessStatus.rssBytes(server.pid());
        long received = metrics.value("berth_bytes_received_total");
        long buffers = metrics.value("netty_allocator_memory_used");
        // And once more, to see that a second wave of writes changes nothing on the server.
        written += peers.writeUntilStalled(message, Duration.ofSeconds(1), Duration.ofSeconds(10));
        long rssAfter = ProcessStatus.rssBytes(server.pid());

        System.out.printf("never-reading peers (%s): %d peers wrote %d MiB until pushed back; the server read %d MiB "
                + "(%d KiB a peer) and holds %d KiB of buffers; RSS %d MiB before, %d MiB stalled, %d MiB after a "
                + "second wave%n", framing, PEERS, written >> 20, received >> 20, received / PEERS / 1024, buffers / 1024,
            rssBefore >> 20, rssStalled >> 20, rssAfter >> 20);
        assertThat(peers.count(PeerCrowd.End.OPEN)).as("peers still connected").isEqualTo(PEERS);
        assertThat(metrics.value("berth_bytes_received_total") - received)
            .as("bytes the server read in the second wave").isLessThan(PEERS * 64 * 1024L);
        assertThat(buffers).as("buffer memory").isLessThan(MAX_BUFFERS);
        assertThat(Math.max(rssStalled, rssAfter) - rssBefore).as("RSS growth").isLessThan(MAX_RSS_GROWTH);
        assertThat(rssAfter - rssStalled).as("RSS growth in the second wave").isLessThan(16L * 1024 * 1024);
        try (Socket other = LoopbackSockets.connect(port)) {
          assertThat(LoopbackSockets.roundTrip(other, framing, "served meanwhile")).isEqualTo("served meanwhile");
        }
      }
      Await.until("the stalled peers' connections to close", () -> metrics.value("berth_connections_active") == 0);
    }
  }

}
