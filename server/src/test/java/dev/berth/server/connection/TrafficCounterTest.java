package dev.berth.server.connection;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.counters.ServerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class TrafficCounterTest {

  private final ServerCounters counters = new ServerCounters();
  private final TrafficCounter trafficCounter = new TrafficCounter(counters);

  @Test
  void countsBytesEachWayAndPassesThemOn() {
    EmbeddedChannel channel = new EmbeddedChannel(trafficCounter);

    channel.writeInbound(Unpooled.copiedBuffer("12345", US_ASCII), Unpooled.copiedBuffer("678", US_ASCII));
    channel.writeOutbound(Unpooled.copiedBuffer("abcdefg", US_ASCII), Unpooled.EMPTY_BUFFER);

    assertThat(counters.bytesReceived()).isEqualTo(8);
    assertThat(counters.bytesSent()).isEqualTo(7);
    assertThat(readAll(channel, true)).isEqualTo("12345678");
    assertThat(readAll(channel, false)).isEqualTo("abcdefg");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void ignoresOtherMessages() {
    EmbeddedChannel channel = new EmbeddedChannel(trafficCounter);
    Object other = new Object();

    channel.writeInbound(other);
    channel.writeOutbound(other);

    assertThat(channel.<Object>readInbound()).isSameAs(other);
    assertThat(channel.<Object>readOutbound()).isSameAs(other);
    assertThat(counters.bytesReceived()).isZero();
    assertThat(counters.bytesSent()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void oneInstanceServesEveryConnection() {
    EmbeddedChannel first = new EmbeddedChannel(trafficCounter);
    EmbeddedChannel second = new EmbeddedChannel(trafficCounter);

    first.writeInbound(Unpooled.copiedBuffer("ab", US_ASCII));
    second.writeInbound(Unpooled.copiedBuffer("cde", US_ASCII));

    assertThat(trafficCounter.isSharable()).isTrue();
    assertThat(counters.bytesReceived()).isEqualTo(5);
    assertThat(first.finishAndReleaseAll()).isTrue();
    assertThat(second.finishAndReleaseAll()).isTrue();
  }

  private static String readAll(EmbeddedChannel channel, boolean inbound) {
    StringBuilder text = new StringBuilder();
    for (ByteBuf buf; (buf = inbound ? channel.readInbound() : channel.readOutbound()) != null; ) {
      text.append(buf.toString(US_ASCII));
      buf.release();
    }
    return text.toString();
  }
}
