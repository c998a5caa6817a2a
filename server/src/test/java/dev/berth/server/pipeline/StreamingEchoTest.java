package dev.berth.server.pipeline;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static dev.berth.server.pipeline.ServerChannelInitializerTest.header;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Echo mode on a length-framed port streams a frame over {@code --max-frame} through instead of
 * refusing it: the reply is the same bytes, as they arrive, counted as one message, and a peer
 * that does not read still makes the server stop reading.
 */
class StreamingEchoTest {

  private static final int READ = 4096;

  private final ServerCounters counters = new ServerCounters();
  private Connection connection;

  @AfterEach
  void close() {
    if (connection != null) {
      connection.finishAndReleaseAll();
    }
  }

  @Test
  void aFrameOverTheLimitIsEchoedAsItArrivesAndCountedOnce() {
    open("echo", "1KiB");
    int payload = 1 << 20;
    String head = header(8L + payload);
    connection.send(head);
    long received = connection.received().length();
    assertThat(received).isEqualTo(8);

    for (int sent = 0; sent < payload; sent += READ) {
      String piece = pattern(sent, Math.min(READ, payload - sent));
      connection.send(piece);
      // Nothing is held back: each piece is echoed as it arrives.
      assertThat(connection.received()).isEqualTo(piece);
    }
    connection.send(frame("after"));

    assertThat(connection.received()).isEqualTo(frame("after"));
    assertThat(counters.messagesReceived()).isEqualTo(2);
    assertThat(counters.messagesSent()).isEqualTo(2);
    assertThat(counters.bytesReceived()).isEqualTo(8L + payload + frame("after").length());
    assertThat(counters.bytesSent()).isEqualTo(counters.bytesReceived());
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void theStreamedBytesAreExactlyTheBytesSent() {
    open("echo", "16");
    int payload = 100_000;
    StringBuilder sent = new StringBuilder(header(8L + payload));
    StringBuilder received = new StringBuilder();
    connection.send(sent.toString());
    received.append(connection.received());
    for (int offset = 0; offset < payload; offset += 777) {
      String piece = pattern(offset, Math.min(777, payload - offset));
      sent.append(piece);
      connection.send(piece);
      received.append(connection.received());
    }

    assertThat(received.toString()).isEqualTo(sent.toString());
    assertThat(counters.messagesReceived()).isEqualTo(1);
  }

  @Test
  void aPeerThatDoesNotReadStopsTheStreamAtTheWatermark() {
    open("echo", "1KiB");
    connection.stall();
    connection.send(header(8L + (1L << 40))); // a terabyte, never to be finished
    int reads = 0;
    while (connection.config().isAutoRead() && reads < 1000) {
      connection.send(pattern(reads * READ, READ));
      reads++;
    }

    assertThat(connection.config().isAutoRead()).as("reading stopped").isFalse();
    // Held: the replies up to the high watermark plus the read that crossed it, nothing more.
    long queued = connection.unsafe().outboundBuffer().totalPendingWriteBytes();
    assertThat(queued).isLessThanOrEqualTo(connection.config().getWriteBufferHighWaterMark() + READ);

    connection.unstall();
    connection.received();
    assertThat(connection.config().isAutoRead()).as("reading again").isTrue();
  }

  @Test
  void otherModesStillRefuseAFrameOverTheLimit() {
    open("reverse", "16");
    connection.send(header(8L + 17) + "x".repeat(17));

    assertThat(connection.received()).isEmpty();
    assertThat(counters.protocolErrors(ProtocolException.Reason.FRAME_TOO_LONG)).isEqualTo(1);
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @Test
  void aStreamedFrameCutOffByFinIsCountedTruncated() {
    open("echo", "16");
    connection.send(header(8L + 100) + "y".repeat(40));
    assertThat(connection.received()).hasSize(48);

    connection.peerFin();

    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isEqualTo(1);
    assertThat(counters.messagesReceived()).isZero();
    assertThat(connection.isOpen()).isFalse();
  }

  private void open(String mode, String maxFrame) {
    ServerConfig config = ServerConfig.defaults("framing", "length", "mode", mode, "max-frame", maxFrame);
    connection = Connection.open(config, new ConnectionTracker(10), counters);
  }

  /** {@code length} bytes of a pattern that depends on the position, one char per byte. */
  private static String pattern(long offset, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      long position = offset + i;
      bytes[i] = (byte) (position * 31 + (position >>> 8));
    }
    return new String(bytes, ISO_8859_1);
  }
}
