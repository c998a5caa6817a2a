package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFrameDecoderTest {

  /** A decoded line as the next handler sees it, with the terminator flag at that moment. */
  private record Line(String text, boolean crLf) {}

  private final LineFrameDecoder decoder = new LineFrameDecoder(8);
  private final List<Line> lines = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf line = (ByteBuf) msg;
      try {
        // What the encoder would see when the reply to this line is written.
        lines.add(new Line(line.toString(ISO_8859_1), decoder.lastEndedWithCrLf()));
      } finally {
        line.release();
      }
    }
  });

  @Test
  void decodesOneLine() {
    write("hello\n");

    assertThat(lines).containsExactly(new Line("hello", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesCoalescedLinesEachWithItsOwnTerminator() {
    write("a\nbb\r\n\nccc\r\n\r\nd\n");

    assertThat(lines).containsExactly(
        new Line("a", false), new Line("bb", true), new Line("", false), new Line("ccc", true),
        new Line("", true), new Line("d", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesInputSplitByteByByte() {
    writeByteByByte("hello\r\nworld\n\n");

    assertThat(lines).containsExactly(new Line("hello", true), new Line("world", false), new Line("", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesLinesSplitAcrossArbitraryChunks() {
    write("ab");
    write("cd\nef");
    assertThat(lines).containsExactly(new Line("abcd", false));
    write("\r");
    write("\ng\n");

    assertThat(lines).containsExactly(new Line("abcd", false), new Line("ef", true), new Line("g", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void emptyLinesAreMessages() {
    write("\n\r\n");

    assertThat(lines).containsExactly(new Line("", false), new Line("", true));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aCarriageReturnNotBeforeTheNewlineIsPayload() {
    write("a\rb\n\r\r\n\rx\n");

    assertThat(lines).containsExactly(new Line("a\rb", false), new Line("\r", true), new Line("\rx", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOfExactlyMaxLineIsAccepted() {
    write("12345678\n");
    writeByteByByte("abcdefgh\n");

    assertThat(lines).containsExactly(new Line("12345678", false), new Line("abcdefgh", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOfExactlyMaxLineIsAcceptedWithCrLfEvenWhenTheCarriageReturnArrivesFirst() {
    write("12345678\r\n");
    writeByteByByte("abcdefgh\r\n");
    write("ABCDEFGH\r");
    write("\n");
    // A '\r' payload byte as the 8th byte, then the real "\r\n".
    writeByteByByte("1234567\r\r\n");

    assertThat(lines).containsExactly(new Line("12345678", true), new Line("abcdefgh", true),
        new Line("ABCDEFGH", true), new Line("1234567\r", true));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOneByteOverMaxLineIsRejected() {
    assertThatThrownBy(() -> write("123456789\n"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG))
        .hasMessageContaining("line longer than 8 bytes");
    assertThat(decoder.hasFailed()).isTrue();
    assertThat(lines).isEmpty();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOneByteOverMaxLineIsRejectedAsSoonAsTheLimitIsPassed() {
    writeByteByByte("12345678");

    // The ninth byte is not a '\r', so no newline can make this line fit: rejected now.
    assertThatThrownBy(() -> write("9")).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));
    assertThat(buffered(decoder)).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aCrLfLineOneByteOverMaxLineIsRejected() {
    assertThatThrownBy(() -> write("123456789\r\n")).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));
    assertThat(lines).isEmpty();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aCarriageReturnPastTheLimitThatIsNotFollowedByANewlineIsRejected() {
    write("12345678\r");

    assertThatThrownBy(() -> write("x")).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));
    assertThat(lines).isEmpty();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLongLineIsRejectedWithoutWaitingForItsNewline() {
    assertThatThrownBy(() -> write("x".repeat(1000))).isInstanceOf(ProtocolException.class);
    assertThat(buffered(decoder)).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void linesBeforeABadOneAreEmittedAndEverythingAfterItIsDiscarded() {
    assertThatThrownBy(() -> write("ok\r\nfine\nmuch too long\nafter\n"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));

    assertThat(lines).containsExactly(new Line("ok", true), new Line("fine", false));
    assertThat(decoder.hasFailed()).isTrue();

    // Later input, even well-formed, is dropped without another error.
    write("more\n");
    writeByteByByte("and more\n");
    assertThat(lines).hasSize(2);
    assertThat(buffered(decoder)).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void anUnfinishedLineAtEndOfInputIsTruncated() {
    write("done\npart");
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

    assertThatThrownBy(channel::checkException)
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED))
        .hasMessageContaining("4 bytes dropped");
    assertThat(lines).containsExactly(new Line("done", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void anUnfinishedLineIsTruncatedWhenTheChannelCloses() {
    write("part\r");

    assertThatThrownBy(channel::finish).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED));
    assertThat(lines).isEmpty();
  }

  @Test
  void aCleanEndOfInputIsNotAnError() {
    write("a\n");
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    channel.checkException();

    assertThat(lines).containsExactly(new Line("a", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void endOfInputAfterAProtocolErrorIsNotASecondError() {
    assertThatThrownBy(() -> write("123456789")).isInstanceOf(ProtocolException.class);
    write("more without newline");

    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new LineFrameDecoder(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLine: 0 (expected: > 0)");
    channel.finishAndReleaseAll();
  }

  private void write(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, ISO_8859_1));
  }

  private void writeByteByByte(String text) {
    for (byte b : text.getBytes(ISO_8859_1)) {
      channel.writeInbound(Unpooled.buffer(1).writeByte(b));
    }
  }
  /** Bytes the decoder holds, read from Netty's private cumulation (there is no public accessor). */
  static int buffered(ByteToMessageDecoder decoder) {
    try {
      Field field = ByteToMessageDecoder.class.getDeclaredField("cumulation");
      field.setAccessible(true);
      ByteBuf cumulation = (ByteBuf) field.get(decoder);
      return cumulation == null ? 0 : cumulation.readableBytes();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
