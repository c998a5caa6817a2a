package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainPortTlsDetectorTest {

  /** The first bytes of a real ClientHello: a handshake record (22), TLS 1.0 record version, length, ClientHello (1). */
  private static final byte[] CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

  @Test
  void aClientHelloIsATlsMismatchAndWhatFollowsIsDiscarded() {
    EmbeddedChannel channel = new EmbeddedChannel(new PlainPortTlsDetector());
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(CLIENT_HELLO)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TLS_MISMATCH);
          assertThat(e.getMessage()).isEqualTo("looks like TLS on a plain port");
        });
    ByteBuf later = Unpooled.copiedBuffer("hello\n", StandardCharsets.US_ASCII);
    assertThat(channel.writeInbound(later)).isFalse();
    assertThat(later.refCnt()).isZero();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void otherBytesPassAndTheDetectorLeaves() {
    EmbeddedChannel channel = new EmbeddedChannel(new PlainPortTlsDetector());
    assertThat(channel.writeInbound(Unpooled.copiedBuffer("hello\n", StandardCharsets.US_ASCII))).isTrue();
    assertThat(channel.pipeline().get(PlainPortTlsDetector.class)).isNull();
    ByteBuf passed = channel.readInbound();
    assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    passed.release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aLengthHeaderStartingWith0x16IsNotTls() {
    // A length frame of 0x1600... bytes would be refused by the decoder; 0x16 0x03 0x05 is no TLS version.
    EmbeddedChannel channel = new EmbeddedChannel(new PlainPortTlsDetector());
    assertThat(channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x05, 0, 0, 0, 0, 8}))).isTrue();
    ByteBuf passed = channel.readInbound();
    passed.release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aFirstReadShorterThanARecordHeaderPasses() {
    EmbeddedChannel channel = new EmbeddedChannel(new PlainPortTlsDetector());
    assertThat(channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03}))).isTrue();
    ByteBuf passed = channel.readInbound();
    passed.release();
    assertThat(channel.pipeline().get(PlainPortTlsDetector.class)).isNull();
    assertThat(channel.finish()).isFalse();
  }
}
