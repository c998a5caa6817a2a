package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LineFrameEncoderTest {

  @Test
  void aClientEncoderEndsEveryLineWithANewline() {
    EmbeddedChannel channel = new EmbeddedChannel(LineFrameEncoder.INSTANCE);

    channel.writeOutbound(text("hello"), text(""));

    assertThat(readText(channel)).isEqualTo("hello\n");
    assertThat(readText(channel)).isEqualTo("\n");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aSmallPayloadIsCopiedIntoOneBufferWithItsTerminatorAndReleased() {
    EmbeddedChannel channel = new EmbeddedChannel(LineFrameEncoder.INSTANCE);
    ByteBuf payload = text("x".repeat(FrameWriter.COPY_THRESHOLD));

    ChannelFuture written = channel.writeOneOutbound(payload);
    channel.flushOutbound();

    assertThat(written.isSuccess()).isTrue();
    assertThat(payload.refCnt()).isZero();
    assertThat(channel.outboundMessages()).hasSize(1);
    assertThat(readText(channel)).isEqualTo("x".repeat(FrameWriter.COPY_THRESHOLD) + "\n");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLargePayloadIsWrittenAsItselfFollowedByTheTerminator() {
    EmbeddedChannel channel = new EmbeddedChannel(LineFrameEncoder.INSTANCE);
    ByteBuf payload = text("y".repeat(FrameWriter.COPY_THRESHOLD + 1));

    ChannelFuture written = channel.writeOneOutbound(new Line(payload, true));
    channel.flushOutbound();

    assertThat(written.isSuccess()).isTrue();
    assertThat(channel.outboundMessages()).hasSize(2);
    ByteBuf first = channel.readOutbound();
    assertThat(first).isSameAs(payload); // not copied
    assertThat(first.toString(ISO_8859_1)).isEqualTo("y".repeat(FrameWriter.COPY_THRESHOLD + 1));
    first.release();
    assertThat(readText(channel)).isEqualTo("\r\n");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aReplyEndsTheWayTheLineItAnswersEnded() {
    EmbeddedChannel channel =
        new EmbeddedChannel(LineFrameDecoder.withTerminators(64), LineFrameEncoder.INSTANCE);

    assertThat(echoOne(channel, "dos\r\n")).isEqualTo("dos\r\n");
    assertThat(echoOne(channel, "unix\n")).isEqualTo("unix\n");
    assertThat(echoOne(channel, "\r\n")).isEqualTo("\r\n");
    assertThat(echoOne(channel, "mid\rdle\n")).isEqualTo("mid\rdle\n");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void passesOtherMessagesThrough() {
    EmbeddedChannel channel = new EmbeddedChannel(LineFrameEncoder.INSTANCE);
    Object other = new Object();

    channel.writeOutbound(other);

    assertThat(channel.<Object>readOutbound()).isSameAs(other);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void isSharable() {
    assertThat(LineFrameEncoder.INSTANCE.isSharable()).isTrue();
  }

  /** Decodes one line and writes it back, as echo mode does, returning the bytes sent. */
  private static String echoOne(EmbeddedChannel channel, String input) {
    channel.writeInbound(text(input));
    Line line = channel.readInbound();
    channel.writeOutbound(line);
    return readText(channel);
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, ISO_8859_1);
  }

  private static String readText(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return buf.toString(ISO_8859_1);
    } finally {
      buf.release();
    }
  }
}
