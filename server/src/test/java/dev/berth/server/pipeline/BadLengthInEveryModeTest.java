package dev.berth.server.pipeline;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static dev.berth.server.pipeline.ServerChannelInitializerTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A length header above 2^48 is {@code bad_length} in every mode of a length-framed port, the
 * echo's streaming relay included, even where {@code --max-frame} would refuse it too: eight bytes
 * of text (a line client on the wrong port) are refused, never read as an exabyte frame and
 * streamed back. 2^48 itself is a length a frame can have: the echo streams it, the other modes
 * refuse it as over {@code --max-frame}.
 */
class BadLengthInEveryModeTest {

  private final ServerCounters counters = new ServerCounters();
  private Connection connection;

  @AfterEach
  void close() {
    if (connection != null) {
      connection.finishAndReleaseAll();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo", "reverse", "hello", "discard", "info"})
  void aLineOfTextIsABadLengthAndNothingIsEchoed(String mode) {
    open(mode, "16MiB");

    connection.send("hello world, a line\n");

    assertRefusedAsBadLength(mode);
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo", "reverse", "hello", "discard", "info"})
  void aHeaderOneAboveTwoToTheFortyEightIsABadLengthWhateverTheFrameLimit(String mode) {
    // The largest --max-frame: no mode could buffer the frame, and the echo could stream it, but
    // the contract makes N > 2^48 bad_length before either limit is asked.
    open(mode, Long.toString(LengthFrameDecoder.MAX_BUFFERED_FRAME));

    connection.send(header(LengthFrameDecoder.MAX_LENGTH + 1) + "payload");

    assertRefusedAsBadLength(mode);
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo", "reverse", "hello", "discard", "info"})
  void framesBeforeTheBadHeaderAreAnsweredFirst(String mode) {
    open(mode, "16MiB");

    connection.send(frame("level") + "GET / HTTP/1.1\r\n\r\n" + frame("never"));

    assertThat(counters.messagesReceived()).isEqualTo(1);
    String replies = connection.received();
    // A palindrome, so that the reverse mode's answer contains it too.
    assertThat(replies).as("the answer to the frame before").contains(mode.equals("discard") ? "" : "level");
    assertThat(replies).doesNotContain("never");
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isEqualTo(1);
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"reverse", "hello", "discard", "info"})
  void twoToTheFortyEightIsOverTheFrameLimitInTheModesThatHoldAMessage(String mode) {
    open(mode, Long.toString(LengthFrameDecoder.MAX_BUFFERED_FRAME));

    connection.send(header(LengthFrameDecoder.MAX_LENGTH));

    assertThat(counters.protocolErrors(ProtocolException.Reason.FRAME_TOO_LONG)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isZero();
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"16", "2147483639"})
  void twoToTheFortyEightIsStreamedByTheEcho(String maxFrame) {
    open("echo", maxFrame);
    String head = header(LengthFrameDecoder.MAX_LENGTH);

    connection.send(head + "the first bytes of 256 TiB");

    assertThat(connection.received()).isEqualTo(head + "the first bytes of 256 TiB");
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isZero();
    assertThat(connection.isOutputShutdown()).isFalse();
  }

  private void assertRefusedAsBadLength(String mode) {
    // Only hello's greeting goes out: nothing answers the refused bytes.
    assertThat(connection.received()).isEqualTo(mode.equals("hello") ? frame("Welcome!") : "");
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.FRAME_TOO_LONG)).isZero();
    assertThat(counters.messagesReceived()).isZero();
    assertThat(connection.isOutputShutdown()).as("half-closed").isTrue();
    assertThat(connection.isOpen()).as("reads on until the peer closes").isTrue();

    connection.peerFin();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
  }

  private void open(String mode, String maxFrame) {
    ServerConfig config = ServerConfig.defaults("framing", "length", "mode", mode, "max-frame", maxFrame);
    connection = Connection.open(config, new ConnectionTracker(10), counters);
  }
}
