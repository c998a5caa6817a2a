package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LengthFrameRelayTest {

  private static final int MAX_FRAME = 16;

  private final LengthFrameRelay relay = new LengthFrameRelay(MAX_FRAME);
  private final EmbeddedChannel channel = new EmbeddedChannel(relay);

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  @Test
  void passesEveryCompleteFrameOfAReadAtOnceWithItsHeader() {
    byte[] stream = concat(frame("one"), header(8), frame("x".repeat(MAX_FRAME)));

    write(stream);

    List<WireBytes> out = readAll();
    assertThat(out).hasSize(1);
    assertThat(bytes(out.get(0))).isEqualTo(stream);
    assertThat(out.get(0).messages()).isEqualTo(3);
    release(out);
  }

  @Test
  void holdsAFrameWithinTheLimitUntilItIsComplete() {
    byte[] first = frame("first");
    byte[] second = frame("second");
    write(concat(first, Arrays.copyOf(second, 10)));

    assertThat(relayed()).isEqualTo(concat(first));
    assertThat(relay.hasPartialMessage()).isTrue();

    write(Arrays.copyOfRange(second, 10, second.length));

    assertThat(relayed()).isEqualTo(second);
    assertThat(relay.hasPartialMessage()).isFalse();
  }

  @Test
  void relaysInputSplitByteByByteWithEveryMessageCountedOnce() {
    byte[] stream = concat(frame("split"), header(8), frame("up"), frame("y".repeat(40)));
    List<WireBytes> out = new ArrayList<>();
    for (byte b : stream) {
      write(new byte[] {b});
      out.addAll(readAll());
    }

    assertThat(join(out)).isEqualTo(stream);
    assertThat(out.stream().mapToInt(WireBytes::messages).sum()).isEqualTo(4);
    release(out);
  }

  @Test
  void streamsAFrameOverTheLimitAsItArrivesAndCountsItOnceAtItsEnd() {
    byte[] big = frame("z".repeat(100));
    byte[] after = frame("after");

    write(Arrays.copyOf(big, 30));
    List<WireBytes> firstPiece = readAll();
    assertThat(join(firstPiece)).isEqualTo(Arrays.copyOf(big, 30));
    assertThat(firstPiece.get(0).messages()).isZero();
    assertThat(relay.hasPartialMessage()).isTrue();
    release(firstPiece);

    write(Arrays.copyOfRange(big, 30, 80));
    assertThat(relayed()).isEqualTo(Arrays.copyOfRange(big, 30, 80));

    write(concat(Arrays.copyOfRange(big, 80, big.length), after));
    List<WireBytes> last = readAll();
    assertThat(join(last)).isEqualTo(concat(Arrays.copyOfRange(big, 80, big.length), after));
    assertThat(last.get(0).messages()).isEqualTo(2);
    assertThat(relay.hasPartialMessage()).isFalse();
    release(last);
  }

  @Test
  void streamsAHeaderThatArrivesAloneAndLengthsUpToTwoToTheFortyEight() {
    byte[] largest = header(LengthFrameDecoder.MAX_LENGTH); // never finished here

    write(largest);
    assertThat(relayed()).isEqualTo(largest);

    write(new byte[] {1, 2, 3});
    assertThat(relayed()).isEqualTo(new byte[] {1, 2, 3});
    assertThat(relay.hasPartialMessage()).isTrue();
    assertThatThrownBy(this::peerFin).hasMessageContaining("in the middle of a streamed message");
  }

  @Test
  void aLengthAboveTwoToTheFortyEightIsABadLengthNotAStream() {
    for (long length : new long[] {LengthFrameDecoder.MAX_LENGTH + 1, Long.MAX_VALUE, -1L}) {
      EmbeddedChannel other = new EmbeddedChannel(new LengthFrameRelay(MAX_FRAME));

      assertThatThrownBy(() -> other.writeInbound(Unpooled.wrappedBuffer(concat(header(length), new byte[32]))))
          .as(Long.toUnsignedString(length))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH))
          .hasMessage("length " + Long.toUnsignedString(length) + " is above 2^48, more than any real frame");
      assertThat((Object) other.readInbound()).isNull();
      assertThat(other.finishAndReleaseAll()).isFalse();
    }
  }

  @Test
  void aLineOfTextIsRefusedAsTextInsteadOfEchoedAsAnExabyteFrame() {
    assertThatThrownBy(() -> write("hello world, a line\n".getBytes(ISO_8859_1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH);
          assertThat(e.getMessage()).endsWith(" (looks like text on a length-framed port)");
        });
    assertThat(readAll()).isEmpty();
    assertThat(relay.hasFailed()).isTrue();
  }

  @Test
  void textAfterGoodFramesFailsOnceTheyArePassedOn() {
    byte[] good = concat(frame("a"), frame("b".repeat(MAX_FRAME + 1)));

    assertThatThrownBy(() -> write(concat(good, "now some text\n".getBytes(ISO_8859_1))))
        .hasMessageEndingWith("(looks like text on a length-framed port)");

    assertThat(relayed()).isEqualTo(good);
  }

  @Test
  void aBadLengthAfterGoodFramesFailsOnceTheyArePassedOn() {
    byte[] good = concat(frame("a"), frame("b"));

    assertThatThrownBy(() -> write(concat(good, header(7), frame("never"))))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH));

    assertThat(relayed()).isEqualTo(good);
    assertThat(relay.hasFailed()).isTrue();
    write(frame("ignored"));
    assertThat(readAll()).isEmpty();
  }

  @Test
  void anHttpRequestIsStillRefusedRatherThanStreamed() {
    assertThatThrownBy(() -> write("GET / HTTP/1.1\r\n\r\n".getBytes(ISO_8859_1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.reason()).isEqualTo(ProtocolException.Reason.BAD_LENGTH);
          assertThat(e.getMessage()).endsWith(" (looks like HTTP on a length-framed port)");
        });
    assertThat(readAll()).isEmpty();
  }

  @Test
  void aFrameCutOffByFinIsTruncatedAndDropped() {
    write(concat(frame("whole"), Arrays.copyOf(frame("cut"), 9)));
    assertThat(relayed()).isEqualTo(frame("whole"));

    assertThatThrownBy(this::peerFin).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED));
    assertThat(readAll()).isEmpty();
  }

  @Test
  void aStreamedFrameCutOffByFinIsTruncated() {
    write(Arrays.copyOf(frame("s".repeat(50)), 20));
    assertThat(relayed()).hasSize(20);

    assertThatThrownBy(this::peerFin).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED));
  }

  @Test
  void discardFurtherInputDropsEverythingQuietly() {
    write(Arrays.copyOf(frame("s".repeat(50)), 20));
    relayed();

    relay.discardFurtherInput();
    write(frame("more"));
    peerFin();

    assertThat(readAll()).isEmpty();
  }

  @Test
  void rejectsALimitNoBufferCanHold() {
    assertThatThrownBy(() -> new LengthFrameRelay(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LengthFrameRelay(Integer.MAX_VALUE))
        .hasMessageContaining("maxFrame: 2147483647");
  }

  private void write(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  private void peerFin() {
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    channel.checkException();
  }

  private List<WireBytes> readAll() {
    List<WireBytes> out = new ArrayList<>();
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      out.add((WireBytes) msg);
    }
    return out;
  }

  /** Everything relayed since the last call, as one array; releases it. */
  private byte[] relayed() {
    List<WireBytes> out = readAll();
    byte[] bytes = join(out);
    release(out);
    return bytes;
  }

  static byte[] bytes(WireBytes wire) {
    return ByteBufUtil.getBytes(wire.content());
  }

  static byte[] join(List<WireBytes> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pieces.forEach(piece -> out.writeBytes(bytes(piece)));
    return out.toByteArray();
  }

  static void release(List<WireBytes> pieces) {
    pieces.forEach(WireBytes::release);
  }

  static byte[] frame(String payload) {
    byte[] bytes = payload.getBytes(ISO_8859_1);
    return concat(header(8L + bytes.length), bytes);
  }

  static byte[] header(long length) {
    return ByteBuffer.allocate(8).putLong(length).array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
