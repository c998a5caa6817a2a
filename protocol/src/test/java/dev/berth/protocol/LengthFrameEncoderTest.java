package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LengthFrameEncoderTest {

  @Test
  void theLengthCountsTheHeader() {
    EmbeddedChannel channel = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);

    channel.writeOutbound(Unpooled.copiedBuffer("hi", ISO_8859_1));

    assertThat(readHex(channel)).isEqualTo("000000000000000a" + "6869");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void theEmptyMessageIsJustAHeaderOfEight() {
    EmbeddedChannel channel = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);

    channel.writeOutbound(Unpooled.EMPTY_BUFFER);

    assertThat(readHex(channel)).isEqualTo("0000000000000008");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aSmallPayloadIsCopiedIntoOneBufferAndReleased() {
    EmbeddedChannel channel = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);
    byte[] bytes = new byte[FrameWriter.COPY_THRESHOLD];
    bytes[0] = 1;
    ByteBuf payload = Unpooled.copiedBuffer(bytes);

    ChannelFuture written = channel.writeOneOutbound(payload);
    channel.flushOutbound();

    assertThat(written.isSuccess()).isTrue();
    assertThat(payload.refCnt()).isZero();
    assertThat(channel.outboundMessages()).hasSize(1);
    ByteBuf frame = channel.readOutbound();
    assertThat(frame.readableBytes()).isEqualTo(8 + FrameWriter.COPY_THRESHOLD);
    assertThat(frame.readLong()).isEqualTo(8 + FrameWriter.COPY_THRESHOLD);
    assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(bytes);
    frame.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLargePayloadIsWrittenAsHeaderThenThePayloadItself() {
    EmbeddedChannel channel = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);
    int size = FrameWriter.COPY_THRESHOLD + 1;
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[size]);

    ChannelFuture written = channel.writeOneOutbound(payload);
    channel.flushOutbound();

    assertThat(written.isSuccess()).isTrue();
    assertThat(channel.outboundMessages()).hasSize(2);
    ByteBuf header = channel.readOutbound();
    assertThat(header.readableBytes()).isEqualTo(8);
    assertThat(header.getLong(header.readerIndex())).isEqualTo(size + 8L);
    header.release();
    ByteBuf body = channel.readOutbound();
    assertThat(body).isSameAs(payload); // not copied
    assertThat(body.readableBytes()).isEqualTo(size);
    body.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void roundTripsThroughTheDecoder() {
    EmbeddedChannel sender = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);
    EmbeddedChannel receiver = new EmbeddedChannel(new LengthFrameDecoder(1 << 20));
    String big = "z".repeat(5000);
    sender.writeOutbound(Unpooled.copiedBuffer("small", ISO_8859_1), Unpooled.EMPTY_BUFFER,
        Unpooled.copiedBuffer(big, ISO_8859_1));

    for (Object frame; (frame = sender.readOutbound()) != null; ) {
      receiver.writeInbound(frame);
    }

    for (String expected : new String[] {"small", "", big}) {
      ByteBuf message = receiver.readInbound();
      assertThat(message.toString(ISO_8859_1)).isEqualTo(expected);
      message.release();
    }
    assertThat(sender.finishAndReleaseAll()).isFalse();
    assertThat(receiver.finishAndReleaseAll()).isFalse();
  }

  @Test
  void passesOtherMessagesThroughAndIsSharable() {
    EmbeddedChannel channel = new EmbeddedChannel(LengthFrameEncoder.INSTANCE);
    Object other = new Object();

    channel.writeOutbound(other);

    assertThat(channel.<Object>readOutbound()).isSameAs(other);
    assertThat(LengthFrameEncoder.INSTANCE.isSharable()).isTrue();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private static String readHex(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return ByteBufUtil.hexDump(buf);
    } finally {
      buf.release();
    }
  }
}
