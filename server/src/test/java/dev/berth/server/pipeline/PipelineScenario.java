package dev.berth.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.ProtocolException;
import dev.berth.protocol.TlsRecords;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import dev.berth.testing.TrackingAllocator;
import dev.berth.testing.wire.FuzzInput;
import dev.berth.testing.wire.ReferenceEchoRelay;
import dev.berth.testing.wire.ReferenceFraming;
import dev.berth.testing.wire.ReferenceModes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection through the real {@link ServerChannelInitializer}, driven by a {@link FuzzInput}
 * and checked against the reference framing and modes: the replies are exactly the mode applied
 * to each complete message before the first bad one, in order; the connection ends as the
 * contract says; counters match; no exception escapes; memory stays bounded; every buffer is
 * released.
 *
 * <p>Settings bits: 0 the peer sends FIN after the stream; 1–2 framing (line, length, raw, line);
 * 3–4 mode (echo, reverse, hello, discard; echo or discard on raw); 5 the peer reads only when
 * the server stops reading from it (so backpressure engages, with watermarks of 64 and 128 bytes);
 * 6 the listener takes PROXY headers (v1 or v2); 7 with 6, a valid header (v1 or v2, by the limit's
 * parity) goes before the stream, else the stream itself must begin with one. A connection whose
 * header the server refuses gets nothing and one {@code proxy_header} error; one whose header it
 * takes is served the rest of the stream exactly as a connection without PROXY would be.
 */
final class PipelineScenario {

  private static final String[] FRAMINGS = {"line", "length", "raw", "line"};
  private static final String[] MODES = {"echo", "reverse", "hello", "discard"};
  private static final WriteBufferWaterMark LOW_WATERMARKS = new WriteBufferWaterMark(64, 128);
  // Building a config resolves the host name for the instance id: once per distinct setting.
  private static final Map<String, ServerConfig> CONFIGS = new ConcurrentHashMap<>();

  private final FuzzInput input;
  private final String framing;
  private final String mode;
  private final int limit;
  private final boolean fin;
  private final boolean slowReader;
  private final boolean proxied;
  /** What the peer sends: the stream, after a valid PROXY header where bit 7 says so. */
  private final FuzzInput wire;
  private final TrackingAllocator alloc = new TrackingAllocator();
  private final ServerCounters counters = new ServerCounters();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  PipelineScenario(FuzzInput input) {
    this.input = input;
    this.framing = FRAMINGS[(input.settings() >> 1) & 3];
    String chosen = MODES[(input.settings() >> 3) & 3];
    this.mode = framing.equals("raw") && (chosen.equals("reverse") || chosen.equals("hello")) ? "echo" : chosen;
    this.limit = framing.equals("line") ? 1 + input.limit() : input.limit();
    this.fin = input.flag(0);
    this.slowReader = input.flag(5);
    this.proxied = input.flag(6);
    byte[] header = proxied && input.flag(7) ? ProxyHeaders.valid(input.limit() % 2 == 0) : new byte[0];
    this.wire = new FuzzInput(input.settings(), input.limit(), input.cuts(), concat(header, input.stream()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  void check() {
    ServerConfig config = CONFIGS.computeIfAbsent(framing + mode + limit + proxied, key -> ServerConfig.defaults(
        "framing", framing, "mode", mode, "max-line", Integer.toString(Math.max(1, limit)),
        "max-frame", Integer.toString(limit), "proxy-protocol", proxied ? "any" : "off"));
    Connection connection = Connection.open(config, new ConnectionTracker(10), counters);
    connection.config().setAllocator(alloc);
    connection.config().setWriteBufferWaterMark(LOW_WATERMARKS);
    try {
      run(connection);
    } finally {
      connection.finishAndReleaseAll();
      alloc.releaseAll();
    }
  }

  private void run(Connection connection) {
    if (slowReader) {
      connection.stall();
    }
    long maxRetained = maxRetainedBytes();
    for (byte[] read : wire.reads()) {
      if (!connection.config().isAutoRead()) {
        // The server stopped reading, so the kernel would hold these bytes back; the peer,
        // pushed back, reads everything waiting for it.
        takeReplies(connection);
      }
      connection.writeInbound(alloc.copyOf(read));
      if (!slowReader) {
        collect(connection);
      }
      assertThat(alloc.retainedBytes()).as("memory held after a read").isLessThanOrEqualTo(maxRetained);
    }
    if (fin) {
      connection.peerFin();
    }
    takeReplies(connection);

    Expected expected = expected();
    assertThat(received.toByteArray()).as("replies").isEqualTo(expected.replies);
    assertThat(counters.messagesReceived()).as("messages received").isEqualTo(expected.messages);
    for (ProtocolException.Reason reason : ProtocolException.Reason.values()) {
      assertThat(counters.protocolErrors(reason)).as("protocol errors " + reason.label())
          .isEqualTo(reason.label().equals(expected.error) ? 1 : 0);
    }
    assertThat(connection.isOpen()).as("open").isEqualTo(!fin);
    assertThat(connection.isOutputShutdown() || !connection.isOpen()).as("output ended")
        .isEqualTo(fin || expected.error != null);

    connection.close();
    connection.runPendingTasks();
    collect(connection);
    assertThat(totalClosed()).as("connections counted closed").isEqualTo(1);
    assertThat(alloc.unreleased()).as("buffers not released").isEmpty();
  }

  /**
   * The decoder's limit plus a read, as the cumulation may grow (see the decoder fuzz tests);
   * with a slow reader, also the replies queued up to the high watermark and the replies to one
   * more read (at most 9 bytes out per byte in: "\n" gets "Hello, !\n").
   */
  private long maxRetainedBytes() {
    long largestRead = wire.largestRead();
    // A PROXY header is held until complete: a v2 header may announce up to 64 KiB.
    long decoder = 4 * (limit + 9 + largestRead) + 64 + (proxied ? 2 * (ProxyHeaders.V2_MAX + largestRead) : 0);
    return slowReader ? decoder + LOW_WATERMARKS.high() + 9 * largestRead + 64 : decoder;
  }

  private void takeReplies(Connection connection) {
    connection.unstall();
    collect(connection);
    if (slowReader) {
      connection.stall();
    }
  }

  private void collect(Connection connection) {
    connection.runPendingTasks();
    for (Object msg; (msg = connection.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        buf.readBytes(received, buf.readableBytes());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      } finally {
        buf.release();
      }
    }
  }

  private long totalClosed() {
    long closed = 0;
    for (CloseCause cause : CloseCause.values()) {
      closed += counters.connectionsClosed(cause);
    }
    return closed;
  }

  private record Expected(byte[] replies, long messages, String error) {}

  private Expected expected() {
    if (!proxied) {
      return expected(input.stream());
    }
    if (counters.protocolErrors(ProtocolException.Reason.PROXY_HEADER) > 0) {
      assertThat(input.flag(7)).as("a valid header refused").isFalse();
      return new Expected(new byte[0], 0, "proxy_header"); // refused: not even a greeting
    }
    int header = ProxyHeaders.length(wire.stream());
    if (header < 0) {
      return new Expected(new byte[0], 0, null); // still waiting for the rest of the header
    }
    if (input.flag(7)) {
      assertThat(header).as("the prepended header's length").isEqualTo(wire.stream().length - input.stream().length);
    }
    return expected(Arrays.copyOfRange(wire.stream(), header, wire.stream().length));
  }

  /** What the server sends for {@code stream} once the connection is its client's. */
  private Expected expected(byte[] stream) {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    if (!framing.equals("raw") && firstReadIsATlsClientHello()) {
      // The plain port's TLS detector refuses it before any message; only a greeting went out.
      if (mode.equals("hello")) {
        replies.writeBytes(framed("Welcome!".getBytes(StandardCharsets.US_ASCII), false));
      }
      return new Expected(replies.toByteArray(), 0, "tls_mismatch");
    }
    if (framing.equals("raw")) {
      if (mode.equals("echo")) {
        replies.writeBytes(stream);
      }
      return new Expected(replies.toByteArray(), 0, null);
    }
    if (framing.equals("length") && mode.equals("echo")) {
      // Echo streams a frame over the limit instead of refusing it (LengthFrameRelay).
      ReferenceEchoRelay.Relayed relayed = ReferenceEchoRelay.frames(stream, limit);
      String error = relayed.error() == null && fin && relayed.unfinished() ? "truncated" : relayed.error();
      return new Expected(relayed.replies(), relayed.messages(), error);
    }
    if (mode.equals("hello")) {
      replies.writeBytes(framed("Welcome!".getBytes(StandardCharsets.US_ASCII), false));
    }
    ReferenceFraming.Decoded decoded = framing.equals("line")
        ? ReferenceFraming.lines(stream, limit)
        : ReferenceFraming.frames(stream, limit);
    for (ReferenceFraming.Message message : decoded.messages()) {
      byte[] reply = ReferenceModes.reply(mode, message.payload());
      if (reply != null) {
        replies.writeBytes(framed(reply, message.crLf()));
      }
    }
    String error = decoded.error();
    if (error == null && fin && decoded.partialBytes() > 0) {
      error = "truncated";
    }
    return new Expected(replies.toByteArray(), decoded.messages().size(), error);
  }

  /** Whether the first read with bytes in it begins with a TLS handshake record header. */
  private boolean firstReadIsATlsClientHello() {
    for (byte[] read : input.reads()) {
      if (read.length > 0) {
        return TlsRecords.startsHandshake(Unpooled.wrappedBuffer(read), 0);
      }
    }
    return false;
  }

  private byte[] framed(byte[] payload, boolean crLf) {
    if (framing.equals("length")) {
      return ByteBuffer.allocate(8 + payload.length).putLong(8L + payload.length).put(payload).array();
    }
    byte[] line = Arrays.copyOf(payload, payload.length + (crLf ? 2 : 1));
    if (crLf) {
      line[payload.length] = '\r';
    }
    line[line.length - 1] = '\n';
    return line;
  }

  /** For a failure message: what this scenario was. */
  @Override
  public String toString() {
    return framing + " " + mode + " limit " + limit + (fin ? " fin" : "") + (slowReader ? " slow-reader" : "")
        + (proxied ? " proxy" + (input.flag(7) ? " (valid header)" : "") : "")
        + " reads " + List.of(input.reads().size());
  }
}
