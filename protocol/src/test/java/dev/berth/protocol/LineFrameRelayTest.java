package dev.berth.protocol;

import static dev.berth.protocol.LengthFrameRelayTest.join;
import static dev.berth.protocol.LengthFrameRelayTest.release;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineFrameRelayTest {

  private static final int MAX_LINE = 8;

  private final LineFrameRelay relay = new LineFrameRelay(MAX_LINE);
  private final EmbeddedChannel channel = new EmbeddedChannel(relay);

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  @Test
  void passesEveryCompleteLineOfAReadAtOnceWithItsTerminator() {
    write("one\r\n\ntwo\n12345678\r\npart");

    List<WireBytes> out = readAll();
    assertThat(out).hasSize(1);
    assertThat(text(out)).isEqualTo("one\r\n\ntwo\n12345678\r\n");
    assertThat(out.get(0).messages()).isEqualTo(4);
    release(out);

    write("ial\n");
    assertThat(relayed()).isEqualTo("partial\n");
  }

  @Test
  void relaysInputSplitByteByByteWithEveryLineCountedOnce() {
    String stream = "ab\r\nc\n\r\r\n" + "x".repeat(MAX_LINE) + "\n";
    List<WireBytes> out = new ArrayList<>();
    for (char c : stream.toCharArray()) {
      write(String.valueOf(c));
      out.addAll(readAll());
    }

    assertThat(text(out)).isEqualTo(stream);
    assertThat(out.stream().mapToInt(WireBytes::messages).sum()).isEqualTo(4);
    release(out);
  }

  @Test
  void aLineOverTheLimitFailsAsSoonAsTheLimitIsPassedAfterTheLinesBeforeIt() {
    assertThatThrownBy(() -> write("ok\n" + "y".repeat(MAX_LINE + 1)))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.LINE_TOO_LONG));

    assertThat(relayed()).isEqualTo("ok\n");
    write("ignored\n");
    assertThat(readAll()).isEmpty();
  }

  @Test
  void aLongLineEndingWithItsNewlineInTheSameReadFailsToo() {
    assertThatThrownBy(() -> write("z".repeat(MAX_LINE + 1) + "\n"))
        .isInstanceOf(ProtocolException.class);
    assertThat(readAll()).isEmpty();
  }

  @Test
  void aCarriageReturnJustPastTheLimitMayStillEndTheLine() {
    write("w".repeat(MAX_LINE) + "\r");
    assertThat(readAll()).isEmpty();

    write("\n");

    assertThat(relayed()).isEqualTo("w".repeat(MAX_LINE) + "\r\n");
  }

  @Test
  void aLineCutOffByFinIsTruncatedAndDropped() {
    write("whole\ncut");
    assertThat(relayed()).isEqualTo("whole\n");

    assertThatThrownBy(() -> {
      channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      channel.checkException();
    }).isInstanceOfSatisfying(ProtocolException.class,
        e -> assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TRUNCATED));
  }

  private void write(String text) {
    channel.writeInbound(Unpooled.wrappedBuffer(text.getBytes(ISO_8859_1)));
  }

  private List<WireBytes> readAll() {
    List<WireBytes> out = new ArrayList<>();
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      out.add((WireBytes) msg);
    }
    return out;
  }

  private String relayed() {
    List<WireBytes> out = readAll();
    String text = text(out);
    release(out);
    return text;
  }

  private static String text(List<WireBytes> pieces) {
    return new String(join(pieces), ISO_8859_1);
  }
}
