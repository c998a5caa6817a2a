package dev.berth.server.pipeline;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.RejectReason;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class ServerChannelInitializerTest {

  private final ServerCounters counters = new ServerCounters();
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() {
    connections.forEach(Connection::finishAndReleaseAll);
  }

  @Test
  void buildsThePipelineInOrder() {
    assertThat(open(ServerConfig.defaults("framing", "line")).pipeline().names())
        .startsWith("traffic", "tls-detector", "throttle", "decoder", "encoder", "idle", "messages", "lifecycle");
    assertThat(open(ServerConfig.defaults("framing", "length")).pipeline().names())
        .startsWith("traffic", "tls-detector", "throttle", "decoder", "encoder", "idle", "messages", "lifecycle");
    assertThat(open(ServerConfig.defaults("framing", "raw")).pipeline().names())
        .startsWith("traffic", "throttle", "idle", "messages", "lifecycle")
        .doesNotContain("decoder", "encoder", "tls-detector");
    assertThat(open(ServerConfig.defaults("proxy-protocol", "v2")).pipeline().names())
        .startsWith("traffic", "proxy", "tls-detector", "throttle", "decoder", "encoder", "idle", "messages",
            "lifecycle");
  }

  @Test
  void aZeroIdleTimeoutAddsNoIdleTimer() {
    assertThat(open(ServerConfig.defaults("idle-timeout", "0")).pipeline().names())
        .startsWith("traffic", "tls-detector", "throttle", "decoder", "encoder", "messages", "lifecycle")
        .doesNotContain("idle");
  }

  @Test
  void aTlsListenerHasTheTlsHandlersInFrontOfTheDecoder() {
    ServerConfig config = ServerConfig.defaults("tls-self-signed", "true", "tls-provider", "jdk");
    try (ServerTls tls = ServerTls.create(config.tls())) {
      Connection connection = Connection.open(config, new ConnectionTracker(10), counters, tls);
      assertThat(connection.pipeline().names())
          .startsWith("traffic", "tls-handshake", "tls", "tls-errors", "throttle", "decoder", "encoder", "idle")
          .doesNotContain("tls-detector");
      connection.finishAndReleaseAll(); // before the context goes: the connection's engine holds it
    }
  }

  @Test
  void aTlsClientHelloOnAPlainPortIsATlsMismatch() {
    for (String framing : new String[] {"line", "length"}) {
      Connection connection = open(ServerConfig.defaults("framing", framing));
      connection.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0, 0, 1, '\n'}));
      assertThat(connection.received()).isEmpty();
      assertThat(connection.isOutputShutdown()).isTrue();
      assertThat(connection.isOpen()).as("reads on until the peer closes").isTrue();
    }
    assertThat(counters.protocolErrors(ProtocolException.Reason.TLS_MISMATCH)).isEqualTo(2);
  }

  static Stream<Arguments> replies() {
    return Stream.of(
        Arguments.of("line", "echo", wire("héllo\n"), wire("héllo\n")),
        Arguments.of("line", "echo", wire("héllo\r\n"), wire("héllo\r\n")),
        Arguments.of("line", "reverse", wire("héllo 漢😀\n"), wire("😀漢 olléh\n")),
        Arguments.of("line", "hello", "bob\r\n", "Welcome!\nHello, bob!\r\n"),
        Arguments.of("line", "discard", "into the void\n", ""),
        Arguments.of("length", "echo", frame("héllo"), frame("héllo")),
        Arguments.of("length", "reverse", frame("héllo 漢😀"), frame("😀漢 olléh")),
        Arguments.of("length", "hello", frame("bob"), frame("Welcome!") + frame("Hello, bob!")),
        Arguments.of("length", "discard", frame("into the void"), ""),
        Arguments.of("raw", "echo", "any bytes, no\nframing\r", "any bytes, no\nframing\r"),
        Arguments.of("raw", "discard", "any bytes", ""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("replies")
  void eachFramingAndModeReplies(String framing, String mode, String sent, String expected) {
    Connection connection = open(ServerConfig.defaults("framing", framing, "mode", mode));

    connection.send(sent);

    assertThat(connection.received()).isEqualTo(expected);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void pipelinedLinesAreAnsweredInOrderEachWithItsTerminator() {
    Connection connection = open(ServerConfig.defaults("framing", "line", "mode", "hello"));
    assertThat(connection.received()).isEqualTo("Welcome!\n");

    connection.send("1\n2\r\n\n3\n");
    connection.sendByteByByte("4\r\n5\n");

    assertThat(connection.received()).isEqualTo("Hello, 1!\nHello, 2!\r\nHello, !\nHello, 3!\nHello, 4!\r\nHello, 5!\n");
    assertThat(counters.messagesReceived()).isEqualTo(6);
    assertThat(counters.messagesSent()).isEqualTo(7);
  }

  @Test
  void pipelinedFramesAreAnsweredInOrder() {
    Connection connection = open(ServerConfig.defaults("framing", "length", "mode", "reverse"));
    String big = "ab".repeat(2000); // replies over the copy threshold go out as header + payload

    connection.send(frame("abc") + frame("") + frame(big) + frame("xyz"));
    connection.sendByteByByte(frame("12") + frame("34"));

    assertThat(connection.received())
        .isEqualTo(frame("cba") + frame("") + frame("ba".repeat(2000)) + frame("zyx") + frame("21") + frame("43"));
    assertThat(counters.messagesReceived()).isEqualTo(6);
    assertThat(counters.messagesSent()).isEqualTo(6);
  }

  @Test
  void countersCountMessagesAndBytesOnTheWireIncludingFraming() {
    Connection line = open(ServerConfig.defaults("framing", "line"));
    line.send("abc\r\nde\n");
    assertThat(line.received()).isEqualTo("abc\r\nde\n");

    assertThat(counters.messagesReceived()).isEqualTo(2);
    assertThat(counters.messagesSent()).isEqualTo(2);
    assertThat(counters.bytesReceived()).isEqualTo(8); // "\r\n" and "\n" count
    assertThat(counters.bytesSent()).isEqualTo(8);

    Connection length = open(ServerConfig.defaults("framing", "length", "mode", "hello"));
    length.send(frame("x"));
    assertThat(length.received()).isEqualTo(frame("Welcome!") + frame("Hello, x!"));

    assertThat(counters.messagesReceived()).isEqualTo(3);
    assertThat(counters.messagesSent()).isEqualTo(4); // the greeting is a message sent
    assertThat(counters.bytesReceived()).isEqualTo(8 + 9); // each frame's 8-byte header counts
    assertThat(counters.bytesSent()).isEqualTo(8 + 16 + 17);
  }

  @Test
  void rawFramingCountsBytesButNoMessages() {
    Connection connection = open(ServerConfig.defaults("framing", "raw", "greeting", "hi"));
    connection.send("some");
    connection.send(" bytes");

    assertThat(connection.received()).isEqualTo("hi\nsome bytes");
    assertThat(counters.messagesReceived()).isZero();
    assertThat(counters.messagesSent()).isZero();
    assertThat(counters.bytesReceived()).isEqualTo(10);
    assertThat(counters.bytesSent()).isEqualTo(13);
  }

  @Test
  void discardCountsWhatItReceivesAndSendsNothing() {
    Connection connection = open(ServerConfig.defaults("framing", "length", "mode", "discard"));
    connection.send(frame("a") + frame("bc"));

    assertThat(connection.received()).isEmpty();
    assertThat(counters.messagesReceived()).isEqualTo(2);
    assertThat(counters.messagesSent()).isZero();
    assertThat(counters.bytesReceived()).isEqualTo(19);
    assertThat(counters.bytesSent()).isZero();
  }

  @Test
  void protocolErrorsAreCountedByReason() {
    open(ServerConfig.defaults("framing", "line", "max-line", "4")).send("12345");
    // Not in echo mode, which streams a frame over the limit instead (StreamingEchoTest).
    open(ServerConfig.defaults("framing", "length", "mode", "reverse", "max-frame", "4")).send(frame("12345"));
    open(ServerConfig.defaults("framing", "length")).send(header(7));
    open(ServerConfig.defaults("framing", "length")).send(header(0));
    Connection truncated = open(ServerConfig.defaults("framing", "line"));
    truncated.send("no newline");
    truncated.peerFin();

    assertThat(counters.protocolErrors(ProtocolException.Reason.LINE_TOO_LONG)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.FRAME_TOO_LONG)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isEqualTo(2);
    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isEqualTo(1);
  }

  @Test
  void aProtocolErrorAnswersEarlierMessagesThenShutsOutput() {
    Connection connection = open(ServerConfig.defaults("framing", "length", "max-frame", "8"));

    connection.send(frame("one") + frame("two") + "GET / HTTP/1.1\r\n\r\n" + frame("never"));

    assertThat(connection.received()).isEqualTo(frame("one") + frame("two"));
    assertThat(connection.isOutputShutdown()).isTrue();
    assertThat(connection.isOpen()).isTrue(); // still reading, so the peer's data never causes a reset
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isEqualTo(1);

    connection.peerFin();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
    assertThat(counters.messagesReceived()).isEqualTo(2);
  }

  @Test
  void connectionsPastTheLimitAreClosedAtOnceAndCounted() {
    ConnectionTracker tracker = new ConnectionTracker(2);
    ServerConfig config = ServerConfig.defaults("framing", "line", "mode", "hello");
    Connection first = open(config, tracker);
    Connection second = open(config, tracker);

    Connection third = open(config, tracker);

    assertThat(third.isOpen()).isFalse();
    assertThat(third.received()).isEmpty(); // not even the greeting
    assertThat(third.pipeline().names()).doesNotContain("messages", "lifecycle");
    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
    assertThat(counters.connectionsRejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
    assertThat(counters.connectionsAccepted()).isEqualTo(2);
    assertThat(tracker.activeConnections()).isEqualTo(2);
    // A rejected connection was never served, so it is not among the closed ones.
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isZero();

    first.close();
    Connection fourth = open(config, tracker);

    assertThat(fourth.isOpen()).isTrue();
    assertThat(fourth.received()).isEqualTo("Welcome!\n");
    assertThat(counters.connectionsRejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
    assertThat(counters.connectionsAccepted()).isEqualTo(3);
  }

  private Connection open(ServerConfig config) {
    return open(config, new ConnectionTracker(config.maxConnections()));
  }

  private Connection open(ServerConfig config, ConnectionTracker tracker) {
    Connection connection = Connection.open(config, tracker, counters);
    connections.add(connection);
    return connection;
  }

  /** UTF-8 text as the bytes on the wire, one char per byte (ISO-8859-1), as {@link Connection} speaks. */
  public static String wire(String text) {
    return new String(text.getBytes(UTF_8), ISO_8859_1);
  }

  /** A length frame with a UTF-8 payload, as wire bytes. */
  public static String frame(String payload) {
    String bytes = wire(payload);
    return header(8L + bytes.length()) + bytes;
  }

  /** An 8-byte length header, as wire bytes. */
  public static String header(long length) {
    return new String(ByteBuffer.allocate(8).putLong(length).array(), ISO_8859_1);
  }

  /**
   * A server connection over an {@link EmbeddedChannel} with the real pipeline. It is a {@link
   * DuplexChannel} (as every socket channel berth serves is), so half-closes can be observed, and
   * it can stall its socket to play a peer that does not read.
   *
   * <p>Bytes are exchanged as strings of one char per byte (ISO-8859-1): plain ASCII reads as
   * itself; build other bytes with {@link #wire(String)}, {@link #frame(String)} and {@link #header(long)}.
   */
  public static final class Connection extends EmbeddedChannel implements DuplexChannel {

    // Left at their defaults: the channel registers, and may write, inside super's constructor.
    private boolean inputShutdown;
    private boolean outputShutdown;
    private boolean stalled;

    // The connection's clock: it stands still but for advanceTimeBy, so timers fire exactly when
    // a test says, however long the test itself takes on a busy machine.
    private final MockTicker clock;

    private Connection(ServerChannelInitializer initializer, MockTicker clock) {
      super(EmbeddedChannel.builder().channelId(DefaultChannelId.newInstance()).handlers(initializer).ticker(clock));
      this.clock = clock;
    }

    @Override
    public void advanceTimeBy(long duration, TimeUnit unit) {
      clock.advance(duration, unit);
    }

    /** A connection to the first listener of {@code config}, with its faults. */
    public static Connection open(ServerConfig config, ConnectionTracker tracker, ServerCounters counters) {
      return open(config, tracker, counters, null);
    }

    /** The same with the server's TLS, for a listener with TLS on. */
    public static Connection open(ServerConfig config, ConnectionTracker tracker, ServerCounters counters,
        ServerTls tls) {
      ListenerConfig listener = config.listeners().get(0);
      return new Connection(new ServerChannelInitializer(config, listener, tracker, counters,
          new ListenerFaults(listener.name(), listener.faults(), counters), tls), Ticker.newMockTicker());
    }

    /** The peer sends {@code bytes}, one char per byte. */
    public void send(String bytes) {
      writeInbound(Unpooled.wrappedBuffer(bytes.getBytes(ISO_8859_1)));
    }

    /** The peer sends {@code bytes} in one read per byte. */
    public void sendByteByByte(String bytes) {
      for (byte b : bytes.getBytes(ISO_8859_1)) {
        writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
      }
    }

    /** The peer half-closes: the input ends, as the transport reports a FIN. */
    public void peerFin() {
      inputShutdown = true;
      pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      runPendingTasks();
    }

    /** Every byte written to the socket since the last call, one char per byte; releases the buffers. */
    public String received() {
      runPendingTasks();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Object msg; (msg = readOutbound()) != null; ) {
        ByteBuf buf = (ByteBuf) msg;
        try {
          out.writeBytes(ByteBufUtil.getBytes(buf));
        } finally {
          buf.release();
        }
      }
      return out.toString(ISO_8859_1);
    }

    /** From now on the socket takes no bytes, as when the peer does not read. */
    public void stall() {
      stalled = true;
    }

    /** The socket takes bytes again; whatever waited is written. */
    public void unstall() {
      stalled = false;
      flush();
      runPendingTasks();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
      if (!stalled) {
        super.doWrite(in);
      }
    }

    @Override
    public boolean isInputShutdown() {
      return inputShutdown;
    }

    @Override
    public ChannelFuture shutdownInput() {
      return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
      inputShutdown = true;
      return promise.setSuccess();
    }

    @Override
    public boolean isOutputShutdown() {
      return outputShutdown;
    }

    @Override
    public ChannelFuture shutdownOutput() {
      return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
      outputShutdown = true;
      return promise.setSuccess();
    }

    @Override
    public boolean isShutdown() {
      return inputShutdown && outputShutdown;
    }

    @Override
    public ChannelFuture shutdown() {
      return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
      inputShutdown = true;
      outputShutdown = true;
      return promise.setSuccess();
    }

  }
}
