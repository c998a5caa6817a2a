package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand connections, each with a 64 KiB reply held by {@code --delay}: a held reply costs
 * its own buffer and no thread, so the server holds about the replies and no more; once the delay
 * is cleared by {@code berth ctl}, a connection opened after it is answered at once; the held
 * replies of peers that leave are let go.
 */
class DelayedRepliesMemoryIT {

  private static final int PEERS = 1000;
  private static final int PAYLOAD = 64 * 1024;
  /** The replies themselves, and as much again for the allocator's chunks and the buffers read into. */
  private static final long MAX_BUFFERS = 2L * PEERS * (PAYLOAD + 8);
  /** The JVM starts compiler and GC threads as it likes; a thread per held reply would be a thousand. */
  private static final long MAX_NEW_THREADS = 16;

  @TempDir
  Path dir;

  @Test
  void aThousandDelayedRepliesHoldTheirBuffersAndNoThreads() throws Exception {
    Path control = dir.resolve("berth.sock");
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--framing", "length", "--delay", "1h",
        "--control-socket", control.toString())) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      long threadsBefore = ProcessStatus.threads(server.pid());
      long rssBefore = ProcessStatus.rssBytes(server.pid());
      long buffersBefore = metrics.value("netty_allocator_memory_used");
      byte[] frame = ByteBuffer.allocate(8 + PAYLOAD).putLong(8 + PAYLOAD).array();
      Arrays.fill(frame, 8, frame.length, (byte) 'x');

      List<Socket> peers = new ArrayList<>();
      try {
        for (int i = 0; i < PEERS; i++) {
          Socket peer = LoopbackSockets.connect(port);
          peer.getOutputStream().write(frame);
          peers.add(peer);
        }
        Await.until("every message received", Duration.ofSeconds(120),
            () -> metrics.value("berth_messages_received_total") == PEERS);
        long buffers = metrics.value("netty_allocator_memory_used") - buffersBefore;
        long threads = ProcessStatus.threads(server.pid());
        long rss = ProcessStatus.rssBytes(server.pid());
        System.out.printf("delayed replies: %d connections each holding a %d KiB reply: buffers %d MiB more, "
                + "threads %d -> %d, RSS %d MiB -> %d MiB%n", PEERS, PAYLOAD / 1024, buffers >> 20, threadsBefore,
            threads, rssBefore >> 20, rss >> 20);
        assertThat(metrics.value("berth_messages_sent_total")).as("replies held, not sent").isZero();
        assertThat(buffers).isLessThanOrEqualTo(MAX_BUFFERS);
        assertThat(threads - threadsBefore).isLessThanOrEqualTo(MAX_NEW_THREADS);

        BerthProcess clear = BerthProcess.run("ctl", "--control-socket", control.toString(), "faults", "clear");
        assertThat(clear.exitValue()).as(String.join("\n", clear.stderr())).isZero();
        try (Socket late = LoopbackSockets.connect(port)) {
          late.getOutputStream().write(frame);
          assertThat(readFrame(late)).isEqualTo(frame);
        }
      } finally {
        for (Socket peer : peers) {
          // A reset: a FIN would be a half-close, which the server answers in full (in an hour) before it closes.
          peer.setSoLinger(true, 0);
          peer.close();
        }
      }
      Await.until("the held replies let go with their connections", Duration.ofSeconds(60),
          () -> metrics.value("berth_connections_active") == 0);
      System.out.printf("delayed replies: buffers %d MiB more once the peers left%n",
          (metrics.value("netty_allocator_memory_used") - buffersBefore) >> 20);
    }
  }

  private static byte[] readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    long length = in.readLong();
    byte[] frame = ByteBuffer.allocate((int) length).putLong(length).array();
    in.readFully(frame, 8, frame.length - 8);
    return frame;
  }
}
