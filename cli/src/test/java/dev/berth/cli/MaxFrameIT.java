package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-frame 64MiB}: a payload of exactly 64 MiB is answered whole; a header announcing
 * one byte more is refused from its eight bytes alone, so no buffer of that size is ever
 * allocated. Reverse mode, which must hold a whole message to answer it (echo mode relays a frame
 * over the limit as it streams in instead, see docs/hardening.md).
 */
class MaxFrameIT {

  private static final int MAX_FRAME = 64 * 1024 * 1024;

  @Test
  void aFrameAtTheLimitIsEchoedAndOneByteMoreIsRefusedFromItsHeader() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--framing", "length", "--mode", "reverse", "--max-frame", "64MiB")) {
      int port = server.awaitReadyPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      long buffersBefore = metrics.value("netty_allocator_memory_used");

      try (Socket socket = LoopbackSockets.connect(port)) {
        socket.getOutputStream().write(header(8L + MAX_FRAME + 1));
        // Nothing of the payload is sent: the server must decide from the header, and it does,
        // with a FIN.
        assertThat(socket.getInputStream().read()).as("the server's answer to the header").isEqualTo(-1);
      }
      long buffersAfterRefusal = metrics.value("netty_allocator_memory_used");
      assertThat(metrics.value("berth_protocol_errors_total{reason=\"frame_too_long\"}")).isEqualTo(1);
      assertThat(buffersAfterRefusal - buffersBefore).as("buffer memory for the refused frame")
          .isLessThan(1024 * 1024);

      // ASCII, so that its reverse is its bytes in reverse order.
      byte[] payload = new byte[MAX_FRAME];
      byte[] reversed = new byte[MAX_FRAME];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) ('a' + (i * 31 + (i >>> 16)) % 26);
        reversed[MAX_FRAME - 1 - i] = payload[i];
      }
      try (Socket socket = LoopbackSockets.connect(port)) {
        OutputStream out = socket.getOutputStream();
        out.write(header(8L + MAX_FRAME));
        out.write(payload);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertThat(in.readLong()).isEqualTo(8L + MAX_FRAME);
        byte[] reply = new byte[MAX_FRAME];
        in.readFully(reply);
        assertThat(Arrays.equals(reply, reversed)).as("the 64 MiB reply is the payload reversed").isTrue();
      }
      System.out.printf("max-frame: refused %d+1 bytes from the header with %d KiB more buffer memory; "
              + "answered %d bytes%n", MAX_FRAME, (buffersAfterRefusal - buffersBefore) / 1024, MAX_FRAME);
      assertThat(metrics.value("berth_messages_received_total")).isEqualTo(1);
    }
  }

  private static byte[] header(long length) {
    return ByteBuffer.allocate(8).putLong(length).array();
  }
}
