package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.berth.testing.Await;
import org.junit.jupiter.api.Test;

/** SIGTERM on a real berth.jar process: answer what was received, FIN (never RST), exit 0. */
class DrainProcessIT {

  @Test
  void messagesInFlightAreAnsweredInOrderThenFinAndExitZero() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-port", "0", "--framing", "length")) {
      int port = server.awaitReadyPort();
      List<Socket> peers = new ArrayList<>();
      int messages = 2000;
      for (int i = 0; i < 20; i++) {
        Socket peer = LoopbackSockets.connect(port);
        peer.getOutputStream().write(frames("peer " + i, messages));
        peers.add(peer);
      }
      // Every connection accepted (a first reply came back) and the rest still in flight: a lone
      // instance has no one to pass its accept queue to, so the test does not leave any there.
      for (int i = 0; i < peers.size(); i++) {
        assertThat(readFrame(new DataInputStream(peers.get(i).getInputStream()))).isEqualTo("peer " + i + " message 0");
      }
      server.signal("TERM");
      for (int i = 0; i < peers.size(); i++) {
        try (Socket peer = peers.get(i)) {
          DataInputStream in = new DataInputStream(peer.getInputStream());
          int answered = 1;
          while (true) {
            String reply;
            try {
              reply = readFrame(in); // a reset would throw here instead of ending cleanly
            } catch (EOFException fin) {
              break;
            }
            assertThat(reply).isEqualTo("peer " + i + " message " + answered);
            answered++;
          }
          // What was not answered is a suffix the client can send again; here the server had them all.
          assertThat(answered).isBetween(1, messages);
        }
      }
      assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(String.join("\n", server.stderr())).contains("draining:", "drained: every connection closed");
    }
  }

  @Test
  void aSecondSignalStopsAtOnceEvenWithAPeerThatNeverCloses() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-port", "0", "--drain-timeout", "5m");
        Socket stubborn = LoopbackSockets.connect(server.awaitReadyPort())) {
      stubborn.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
      assertThat(stubborn.getInputStream().readNBytes(6)).isEqualTo("hello\n".getBytes(StandardCharsets.UTF_8));
      server.signal("TERM");
      Await.until("drain started", () -> String.join("\n", server.stderr()).contains("draining:"));
      long signalled = System.nanoTime();
      server.signal("TERM");
      assertThat(server.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
      assertThat(server.stderr()).anyMatch(line -> line.contains("second SIGTERM: stopping now"));
    }
  }

  private static String readFrame(DataInputStream in) throws IOException {
    byte[] payload = new byte[(int) (in.readLong() - 8)];
    in.readFully(payload);
    return new String(payload, StandardCharsets.UTF_8);
  }

  private static byte[] frames(String prefix, int count) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      byte[] payload = (prefix + " message " + i).getBytes(StandardCharsets.UTF_8);
      all.write(ByteBuffer.allocate(8).putLong(payload.length + 8L).array());
      all.write(payload);
    }
    return all.toByteArray();
  }
}
