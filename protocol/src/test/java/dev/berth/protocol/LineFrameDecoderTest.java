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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFrameDecoderTest {

  /** A decoded line as the next handler sees it: its text and how it ended. */
  private record Decoded(String text, boolean crLf) {}

  private final LineFrameDecoder decoder = LineFrameDecoder.withTerminators(8);
  private final List<Decoded> lines = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Line line = (Line) msg;
      try {
        lines.add(new Decoded(line.content().toString(ISO_8859_1), line.endsWithCrLf()));
      } finally {
        line.release();
      }
    }
  });

  @Test
  void decodesOneLine() {
    write("hello\n");

    assertThat(lines).containsExactly(new Decoded("hello", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesCoalescedLinesEachWithItsOwnTerminator() {
    write("a\nbb\r\n\nccc\r\n\r\nd\n");

    assertThat(lines).containsExactly(
        new Decoded("a", false), new Decoded("bb", true), new Decoded("", false), new Decoded("ccc", true),
        new Decoded("", true), new Decoded("d", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesInputSplitByteByByte() {
    writeByteByByte("hello\r\nworld\n\n");

    assertThat(lines).containsExactly(new Decoded("hello", true), new Decoded("world", false), new Decoded("", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesLinesSplitAcrossArbitraryChunks() {
    write("ab");
    write("cd\nef");
    assertThat(lines).containsExactly(new Decoded("abcd", false));
    write("\r");
    write("\ng\n");

    assertThat(lines).containsExactly(new Decoded("abcd", false), new Decoded("ef", true), new Decoded("g", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void emptyLinesAreMessages() {
    write("\n\r\n");

    assertThat(lines).containsExactly(new Decoded("", false), new Decoded("", true));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aCarriageReturnNotBeforeTheNewlineIsPayload() {
    write("a\rb\n\r\r\n\rx\n");

    assertThat(lines).containsExactly(new Decoded("a\rb", false), new Decoded("\r", true), new Decoded("\rx", false));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOfExactlyMaxLineIsAccepted() {
    write("12345678\n");
    writeByteByByte("abcdefgh\n");

    assertThat(lines).containsExactly(new Decoded("12345678", false), new Decoded("abcdefgh", false));
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

    assertThat(lines).containsExactly(new Decoded("12345678", true), new Decoded("abcdefgh", true),
        new Decoded("ABCDEFGH", true), new Decoded("1234567\r", true));
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
    assertThat(decoder.bufferedBytes()).isZero();
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
    assertThat(decoder.bufferedBytes()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void linesBeforeABadOneAreEmittedAndEverythingAfterItIsDiscarded() {
    assertThatThrownBy(() -> write("ok\r\nfine\nmuch too long\nafter\n"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));

    assertThat(lines).containsExactly(new Decoded("ok", true), new Decoded("fine", false));
    assertThat(decoder.hasFailed()).isTrue();

    // Later input, even well-formed, is dropped without another error.
    write("more\n");
    writeByteByByte("and more\n");
    assertThat(lines).hasSize(2);
    assertThat(decoder.bufferedBytes()).isZero();
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
    assertThat(lines).containsExactly(new Decoded("done", false));
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

    assertThat(lines).containsExactly(new Decoded("a", false));
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
  }}
