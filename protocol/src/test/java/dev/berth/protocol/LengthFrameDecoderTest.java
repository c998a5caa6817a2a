package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthFrameDecoderTest {

  private static final int MAX_FRAME = 16;

  private final LengthFrameDecoder decoder = new LengthFrameDecoder(MAX_FRAME);
  private final RecordingAllocator allocator = new RecordingAllocator();
  private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

  {
    channel.config().setAllocator(allocator);
  }

  @Test
  void decodesOneFrame() {
    write(frame("hi"));

    assertThat(readAll()).containsExactly("hi");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void theEmptyMessageIsLengthEight() {
    write(header(8));

    assertThat(readAll()).containsExactly("");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesCoalescedFrames() {
    write(concat(frame("one"), header(8), frame("three"), frame("x".repeat(MAX_FRAME))));

    assertThat(readAll()).containsExactly("one", "", "three", "x".repeat(MAX_FRAME));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void decodesInputSplitByteByByte() {
    byte[] stream = concat(frame("split"), header(8), frame("up"));
    for (byte b : stream) {
      write(new byte[] {b});
    }

    assertThat(readAll()).containsExactly("split", "", "up");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void waitsForTheWholeFrame() {
    byte[] frame = frame("payload");
    write(Arrays.copyOfRange(frame, 0, 5));
    write(Arrays.copyOfRange(frame, 5, 12));
    assertThat(readAll()).isEmpty();
    assertThat(decoder.bufferedBytes()).isEqualTo(12);

    write(Arrays.copyOfRange(frame, 12, frame.length));

    assertThat(readAll()).containsExactly("payload");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aPayloadOfExactlyMaxFrameIsAccepted() {
    write(frame("y".repeat(MAX_FRAME)));

    assertThat(readAll()).containsExactly("y".repeat(MAX_FRAME));
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aPayloadOneByteOverMaxFrameIsRejectedFromTheHeaderAlone() {
    assertThatThrownBy(() -> write(header(8 + MAX_FRAME + 1)))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.FRAME_TOO_LONG))
        .hasMessage("length 25 is over the frame limit of 16 bytes");
    assertThat(decoder.hasFailed()).isTrue();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void lengthsBelowEightAreBadLengths() {
    for (long length : new long[] {0, 1, 7}) {
      LengthFrameDecoder fresh = new LengthFrameDecoder(MAX_FRAME);
      EmbeddedChannel other = new EmbeddedChannel(fresh);

      assertThatThrownBy(() -> other.writeInbound(Unpooled.wrappedBuffer(header(length))))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
          .hasMessage("length " + length + " is below 8 (the length counts its own 8 bytes)");
      assertThat(fresh.hasFailed()).isTrue();
      assertThat(other.finishAndReleaseAll()).isFalse();
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void theLargestSignedLengthIsABadLengthAndNothingIsBufferedForIt() {
    // Header in two pieces: only what was written is buffered, then the header alone fails it.
    byte[] header = header(Long.MAX_VALUE);
    write(Arrays.copyOfRange(header, 0, 5));
    assertThat(decoder.bufferedBytes()).isEqualTo(5);

    assertThatThrownBy(() -> write(concat(Arrays.copyOfRange(header, 5, 8), new byte[100])))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
        .hasMessage("length 9223372036854775807 is above 2^48, more than any real frame");

    assertThat(decoder.bufferedBytes()).isZero();
    assertThat(allocator.largestRequest).isLessThan(1024);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void lengthsWithTheTopBitSetAreBadLengthsShownUnsigned() {
    long[] lengths = {Long.MIN_VALUE, -1L, Long.MIN_VALUE + 8};
    String[] shown = {"9223372036854775808", "18446744073709551615", "9223372036854775816"};
    for (int i = 0; i < lengths.length; i++) {
      LengthFrameDecoder fresh = new LengthFrameDecoder(MAX_FRAME);
      EmbeddedChannel other = new EmbeddedChannel(fresh);
      other.config().setAllocator(allocator);
      byte[] header = header(lengths[i]);
      for (int b = 0; b < 7; b++) {
        other.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[b]}));
      }

      assertThatThrownBy(() -> other.writeInbound(Unpooled.wrappedBuffer(new byte[] {header[7]})))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
          .hasMessageStartingWith("length " + shown[i] + " is above 2^48");
      assertThat(fresh.bufferedBytes()).isZero();
      assertThat(other.finishAndReleaseAll()).isFalse();
    }
    assertThat(allocator.largestRequest).isLessThan(1024);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void twoToTheFortyEightIsTheLastLengthTheFrameLimitJudges() {
    // Even with the largest frame limit, both limits apply to N = 2^48 + 1; the contract makes it
    // bad_length in every mode. N = 2^48 itself is a length a frame can have, over this limit.
    for (long maxFrame : new long[] {MAX_FRAME, LengthFrameDecoder.MAX_BUFFERED_FRAME}) {
      assertThat(refusal(maxFrame, header(LengthFrameDecoder.MAX_LENGTH)).reason())
          .isEqualTo(ProtocolException.Reason.FRAME_TOO_LONG);
      ProtocolException above = refusal(maxFrame, header(LengthFrameDecoder.MAX_LENGTH + 1));
      assertThat(above.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH);
      assertThat(above).hasMessage("length 281474976710657 is above 2^48, more than any real frame");
    }
    assertThat(LengthFrameDecoder.MAX_LENGTH).isEqualTo(281474976710656L);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aLineOfTextIsABadLengthThatSaysItLooksLikeText() {
    assertThatThrownBy(() -> write("hello world, a line\n".getBytes(ISO_8859_1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH);
          assertThat(e.detail()).isEqualTo("length 7522537965568948079 is above 2^48, more than any real frame");
        })
        .hasMessage("length 7522537965568948079 is above 2^48, more than any real frame"
            + " (looks like text on a length-framed port)");
    assertThat(allocator.largestRequest).isLessThan(1024);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void shortLinesWithTabsCrAndLfInTheHeaderAreTextToo() {
    for (String text : new String[] {"a\tb\r\nc d\n", "hi\nyo\n!\n", "~ { } |\r\n"}) {
      assertThat(refusal(MAX_FRAME, text.getBytes(ISO_8859_1)))
          .as(text).hasMessageEndingWith("(looks like text on a length-framed port)");
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aBinaryHeaderAboveTwoToTheFortyEightGuessesNothing() {
    byte[][] binary = {header(0x0102030405060708L), "text\0abc".getBytes(ISO_8859_1), "caf\u00e9 aux".getBytes(ISO_8859_1)};
    for (byte[] header : binary) {
      ProtocolException refused = refusal(MAX_FRAME, header);
      assertThat(refused.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH);
      assertThat(refused.getMessage()).isEqualTo(refused.detail()).doesNotContain("looks like");
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void anHttpRequestIsReportedAsHttpNotAsText() {
    assertThatThrownBy(() -> write("GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(ISO_8859_1)))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
        .hasMessageEndingWith(" (looks like HTTP on a length-framed port)");
    assertThat(allocator.largestRequest).isLessThan(1024);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void otherHttpMethodsAreReportedAsHttp() {
    for (String request : new String[] {"POST /x HTTP/1.1\r\n", "PUT /x HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n"}) {
      assertThat(refusal(MAX_FRAME, request.getBytes(ISO_8859_1))).hasMessageContaining("looks like HTTP");
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aTlsClientHelloIsReportedAsTls() {
    // Record header: handshake (0x16), TLS 1.0 record version, length; then ClientHello (0x01).
    byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03, 0x11};

    assertThatThrownBy(() -> write(clientHello))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
        .hasMessageEndingWith(" (looks like a TLS ClientHello on a length-framed port)");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void anSshBannerIsReportedAsSsh() {
    assertThatThrownBy(() -> write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(ISO_8859_1)))
        .hasMessageEndingWith(" (looks like SSH on a length-framed port)");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void proxyProtocolHeadersAreReportedAsSuch() {
    byte[] v1 = "PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n".getBytes(ISO_8859_1);
    byte[] v2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0, 12};
    for (byte[] header : new byte[][] {v1, v2}) {
      assertThat(refusal(MAX_FRAME, header))
          .hasMessageEndingWith(" (looks like a PROXY protocol header on a length-framed port)");
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aMerelyHugeLengthUpToTwoToTheFortyEightIsTooLong() {
    assertThatThrownBy(() -> write(header(1L << 40)))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.FRAME_TOO_LONG))
        .hasMessage("length 1099511627776 is over the frame limit of 16 bytes");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void framesBeforeABadOneAreEmittedAndEverythingAfterItIsDiscarded() {
    assertThatThrownBy(() -> write(concat(frame("first"), header(8), header(3), frame("after"))))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH));

    assertThat(readAll()).containsExactly("first", "");
    write(frame("later"));
    write(header(0));
    assertThat(readAll()).isEmpty();
    assertThat(decoder.bufferedBytes()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aPartialHeaderAtEndOfInputIsTruncated() {
    write(concat(frame("whole"), new byte[] {0, 0, 0}));
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

    assertThatThrownBy(channel::checkException)
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED))
        .hasMessageContaining("3 bytes dropped");
    assertThat(readAll()).containsExactly("whole");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aPartialPayloadIsTruncatedWhenTheChannelCloses() {
    byte[] frame = frame("unfinished");
    write(Arrays.copyOf(frame, frame.length - 1));

    assertThatThrownBy(channel::finish).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED));
    assertThat(readAll()).isEmpty();
  }

  @Test
  void aCleanEndOfInputIsNotAnError() {
    write(frame("a"));
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    channel.checkException();

    assertThat(readAll()).containsExactly("a");
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void limitsAreChecked() {
    assertThat(new LengthFrameDecoder(0)).isNotNull();
    assertThat(new LengthFrameDecoder(LengthFrameDecoder.MAX_BUFFERED_FRAME)).isNotNull();
    assertThatThrownBy(() -> new LengthFrameDecoder(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrame: -1 (expected: 0..2147483639)");
    assertThatThrownBy(() -> new LengthFrameDecoder(LengthFrameDecoder.MAX_BUFFERED_FRAME + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aZeroFrameLimitStillAcceptsTheEmptyMessage() {
    EmbeddedChannel other = new EmbeddedChannel(new LengthFrameDecoder(0));
    other.writeInbound(Unpooled.wrappedBuffer(header(8)));
    ByteBuf empty = other.readInbound();
    assertThat(empty.readableBytes()).isZero();
    empty.release();

    assertThatThrownBy(() -> other.writeInbound(Unpooled.wrappedBuffer(header(9))))
        .isInstanceOf(ProtocolException.class);
    assertThat(other.finishAndReleaseAll()).isFalse();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private void write(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** The error a fresh decoder with {@code maxFrame} raises for {@code bytes}. */
  private static ProtocolException refusal(long maxFrame, byte[] bytes) {
    EmbeddedChannel other = new EmbeddedChannel(new LengthFrameDecoder(maxFrame));
    try {
      other.writeInbound(Unpooled.wrappedBuffer(bytes));
    } catch (ProtocolException e) {
      return e;
    } finally {
      other.finishAndReleaseAll();
    }
    throw new AssertionError("not refused: " + Arrays.toString(bytes));
  }

  private List<String> readAll() {
    List<String> messages = new ArrayList<>();
    for (ByteBuf message; (message = channel.readInbound()) != null; ) {
      messages.add(message.toString(ISO_8859_1));
      message.release();
    }
    return messages;
  }

  static byte[] header(long length) {
    return Unpooled.buffer(8).writeLong(length).array();
  }

  static byte[] frame(String payload) {
    byte[] bytes = payload.getBytes(ISO_8859_1);
    return concat(header(bytes.length + 8L), bytes);
  }

  static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] part : parts) {
      size += part.length;
    }
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** Records the largest buffer the decoder asks for, to show that a huge header allocates nothing. */
  private static final class RecordingAllocator extends AbstractByteBufAllocator {
    int largestRequest;

    RecordingAllocator() {
      super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      largestRequest = Math.max(largestRequest, initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      largestRequest = Math.max(largestRequest, initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }}
