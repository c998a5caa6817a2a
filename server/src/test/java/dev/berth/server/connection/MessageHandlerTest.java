package dev.berth.server.connection;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ListenerConfig;
import dev.berth.config.FaultSettings;
import dev.berth.config.ListenerProtocol;
import dev.berth.config.ProxyProtocol;
import dev.berth.config.ServerConfig;
import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class MessageHandlerTest {

  private final ServerCounters counters = new ServerCounters();
  private final ListenerFaults noFaults = new ListenerFaults("test", FaultSettings.NONE, counters);

  private static Greeting greeting(String text, Framing framing) {
    return Greeting.of(new ListenerConfig("test", ListenerProtocol.TCP, "127.0.0.1", 0, framing, Mode.ECHO, text, false, ProxyProtocol.OFF, FaultSettings.NONE),
        "test-1");
  }

  @Test
  void sendsTheGreetingOnConnectAndCountsItAsAMessage() {
    EmbeddedChannel channel = new EmbeddedChannel(
        new MessageHandler(Replies.of(Mode.HELLO.transform()), greeting("Welcome!", Framing.LINE), counters, true, false, noFaults.forConnection()));

    assertThat(readText(channel)).isEqualTo("Welcome!");
    assertThat(counters.messagesSent()).isEqualTo(1);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aGreetingInARawStreamIsNotAMessage() {
    EmbeddedChannel channel = new EmbeddedChannel(
        new MessageHandler(Replies.of(Mode.ECHO.transform()), greeting("banner", Framing.RAW), counters, false, false, noFaults.forConnection()));

    assertThat(readText(channel)).isEqualTo("banner\n");
    assertThat(counters.messagesSent()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void repliesAreFlushedOncePerReadBatch() {
    EmbeddedChannel channel = new EmbeddedChannel(new MessageHandler(Replies.of(Mode.REVERSE.transform()), null, counters, true, false, noFaults.forConnection()));

    channel.pipeline().fireChannelRead(text("abc"));
    channel.pipeline().fireChannelRead(text("de"));

    assertThat(channel.outboundMessages()).isEmpty(); // written, not yet flushed
    assertThat(counters.messagesReceived()).isEqualTo(2);
    assertThat(counters.messagesSent()).isEqualTo(2);

    channel.pipeline().fireChannelReadComplete();

    assertThat(readText(channel)).isEqualTo("cba");
    assertThat(readText(channel)).isEqualTo("ed");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void discardWritesNothingAndReleasesEveryMessage() {
    EmbeddedChannel channel = new EmbeddedChannel(new MessageHandler(Replies.of(Mode.DISCARD.transform()), null, counters, true, false, noFaults.forConnection()));
    ByteBuf message = text("drop me");

    channel.writeInbound(message);

    assertThat(message.refCnt()).isZero();
    assertThat(channel.outboundMessages()).isEmpty();
    assertThat(counters.messagesReceived()).isEqualTo(1);
    assertThat(counters.messagesSent()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void passesOtherMessagesOn() {
    EmbeddedChannel channel = new EmbeddedChannel(new MessageHandler(Replies.of(Mode.ECHO.transform()), null, counters, true, false, noFaults.forConnection()));
    Object other = new Object();

    channel.writeInbound(other);

    assertThat(channel.<Object>readInbound()).isSameAs(other);
    assertThat(counters.messagesReceived()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void stopsReadingWhileRepliesPileUpAndResumesWhenTheyDrain() {
    EmbeddedChannel channel = new EmbeddedChannel(new MessageHandler(Replies.of(Mode.ECHO.transform()), null, counters, true, false, noFaults.forConnection()));
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));

    channel.pipeline().fireChannelRead(text("seventeen bytes!!"));

    assertThat(channel.isWritable()).isFalse();
    assertThat(channel.config().isAutoRead()).isFalse();

    channel.pipeline().fireChannelReadComplete(); // flushed: the socket took the bytes

    assertThat(channel.isWritable()).isTrue();
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(readText(channel)).isEqualTo("seventeen bytes!!");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aPeerThatDoesNotReadIsNotReadFromUntilItCatchesUp() {
    ServerConfig config = ServerConfig.defaults("framing", "length");
    Connection connection = Connection.open(config, new ConnectionTracker(1), counters);
    connection.stall();
    String big = "x".repeat(70 * 1024); // above the default 64 KiB high-water mark

    connection.send(frame(big));

    assertThat(connection.config().isAutoRead()).isFalse();

    connection.unstall();

    assertThat(connection.config().isAutoRead()).isTrue();
    assertThat(connection.received()).isEqualTo(frame(big));
    connection.finishAndReleaseAll();
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, US_ASCII);
  }

  private static String readText(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return buf.toString(US_ASCII);
    } finally {
      buf.release();
    }
  }
}
