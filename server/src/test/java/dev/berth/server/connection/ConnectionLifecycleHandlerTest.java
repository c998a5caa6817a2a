package dev.berth.server.connection;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleHandlerTest {

  private final ServerCounters counters = new ServerCounters();
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() {
    connections.forEach(Connection::finishAndReleaseAll);
  }

  @Test
  void peerFinFlushesRepliesAndCloses() {
    Connection connection = open("framing", "line");
    connection.send("a\nb\r\n");

    connection.peerFin();

    assertThat(connection.received()).isEqualTo("a\nb\r\n");
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isZero();
  }

  @Test
  void peerFinWaitsForRepliesTheSocketHasNotTakenYet() {
    Connection connection = open("framing", "length");
    connection.stall();
    connection.send(frame("slow") + frame("reader"));

    connection.peerFin();

    assertThat(connection.isOpen()).isTrue(); // closing now would throw the replies away
    assertThat(connection.received()).isEmpty();

    connection.unstall();

    assertThat(connection.received()).isEqualTo(frame("slow") + frame("reader"));
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
  }

  @Test
  void aMessageCutShortByFinIsCountedAsTruncatedAndTheRestAnswered() {
    Connection connection = open("framing", "length");
    connection.send(frame("whole") + frame("cut short").substring(0, 12));

    connection.peerFin();

    assertThat(connection.received()).isEqualTo(frame("whole"));
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
    assertThat(counters.messagesReceived()).isEqualTo(1);
  }

  @Test
  void peerFinOnARawStreamCloses() {
    Connection connection = open("framing", "raw");
    connection.send("a stream without messages");

    connection.peerFin();

    assertThat(connection.received()).isEqualTo("a stream without messages");
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isZero();
  }

  @Test
  void aPeerThatNeverTakesItsRepliesIsClosedByTheNextIdleEvent() {
    Connection connection = open("framing", "line");
    connection.stall();
    connection.send("never read\n");

    connection.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
    connection.runPendingTasks();
    assertThat(connection.isOpen()).isTrue(); // its reply still waits for the socket

    connection.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    connection.runPendingTasks();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
  }

  @Test
  void anIdleEventClosesWithCauseIdle() {
    Connection connection = open("framing", "line");
    connection.send("last words\n");

    connection.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    connection.runPendingTasks();

    assertThat(connection.received()).isEqualTo("last words\n");
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isZero();
  }

  @Test
  void theIdleTimeoutClosesAConnectionWithoutMessages() {
    Connection connection = open("framing", "line", "idle-timeout", "30s");

    connection.advanceTimeBy(29, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks();
    assertThat(connection.isOpen()).isTrue();

    connection.send("still here\n"); // a message restarts the clock
    connection.advanceTimeBy(29, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks();
    assertThat(connection.isOpen()).isTrue();

    connection.advanceTimeBy(2, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks();

    assertThat(connection.isOpen()).isFalse();
    assertThat(connection.received()).isEqualTo("still here\n");
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
  }

  @Test
  void aProtocolErrorAnswersEarlierMessagesShutsOutputAndDiscardsTheRest() {
    Connection connection = open("framing", "line", "max-line", "8");

    connection.send("ok\r\nfine\n" + "far too long a line\n" + "after\n");

    assertThat(connection.received()).isEqualTo("ok\r\nfine\n");
    assertThat(connection.isOutputShutdown()).isTrue();
    assertThat(connection.isOpen()).isTrue();
    assertThat(connection.config().isAutoRead()).isTrue(); // reads on, so unread input never causes RST
    assertThat(counters.protocolErrors(ProtocolException.Reason.LINE_TOO_LONG)).isEqualTo(1);

    connection.send("more\n");
    connection.sendByteByByte("and more\n");

    assertThat(connection.received()).isEmpty();
    assertThat(counters.messagesReceived()).isEqualTo(2);
    assertThat(counters.protocolErrors(ProtocolException.Reason.LINE_TOO_LONG)).isEqualTo(1);

    connection.peerFin();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isZero();
    assertThat(counters.protocolErrors(ProtocolException.Reason.TRUNCATED)).isZero();
  }

  @Test
  void aProtocolErrorHalfClosesOnlyOnceTheEarlierRepliesAreWritten() {
    Connection connection = open("framing", "length", "mode", "reverse", "max-frame", "64");
    connection.stall();

    connection.send(frame("racecar") + frame("x".repeat(65)));

    assertThat(connection.isOutputShutdown()).isFalse(); // a FIN now would cut the reply off
    connection.unstall();
    assertThat(connection.received()).isEqualTo(frame("racecar"));
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @Test
  void finAfterAProtocolErrorStillDeliversTheEarlierReplies() {
    // A palindrome, so that the reverse mode (which buffers frames, unlike echo) answers it unchanged.
    // A peer that sends everything and then FIN, like `printf ... | nc`, before reading.
    Connection connection = open("framing", "length", "mode", "reverse", "max-frame", "64");
    connection.stall();
    connection.send(frame("racecar") + frame("x".repeat(65)));

    connection.peerFin();

    assertThat(connection.isOpen()).isTrue(); // closing now would throw the reply away
    connection.unstall();

    assertThat(connection.received()).isEqualTo(frame("racecar"));
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
  }

  @Test
  void finAfterTheProtocolErrorHalfCloseCloses() {
    Connection connection = open("framing", "length");
    connection.send(frame("a") + frame("").substring(0, 7) + "\u0003"); // N = 3

    assertThat(connection.isOutputShutdown()).isTrue();
    connection.peerFin();

    assertThat(connection.received()).isEqualTo(frame("a"));
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.protocolErrors(ProtocolException.Reason.BAD_LENGTH)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
  }

  @Test
  void anIdleTimeoutAfterAProtocolErrorClosesAndKeepsTheFirstCause() {
    Connection connection = open("framing", "line", "max-line", "2");
    connection.send("abc");

    connection.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    connection.runPendingTasks();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PROTOCOL)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isZero();
  }

  @Test
  void anIoErrorClosesWithCauseError() {
    Connection connection = open("framing", "line");

    connection.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
    connection.runPendingTasks();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.ERROR)).isEqualTo(1);
  }

  @Test
  void anUnexpectedErrorClosesWithCauseError() {
    Connection connection = open("framing", "line");

    connection.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
    connection.runPendingTasks();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.ERROR)).isEqualTo(1);
  }

  @Test
  void aDrainAnswersWhatArrivedDropsThePartialMessageAndHalfCloses() {
    Connection connection = open("framing", "line");
    connection.send("answered\npart of a li");

    drain(connection);

    assertThat(connection.received()).isEqualTo("answered\n");
    assertThat(connection.isOutputShutdown()).isTrue();
    connection.send("ne\nand more\n"); // read and dropped: the client sends it again elsewhere
    assertThat(connection.received()).isEmpty();
    assertThat(connection.config().isAutoRead()).isTrue();
    connection.peerFin();
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.DRAIN)).isEqualTo(1);
    assertThat(counters.messagesReceived()).isEqualTo(1);
  }

  @Test
  void aDrainGivesAConnectionWithoutMessagesTheGraceForItsFirst() {
    Connection connection = open("framing", "line", "drain-grace", "1s");

    drain(connection);
    assertThat(connection.isOutputShutdown()).isFalse(); // a one-shot client's message may be on its way

    connection.advanceTimeBy(900, TimeUnit.MILLISECONDS);
    connection.runScheduledPendingTasks();
    connection.send("one-shot\nand a second\n");

    assertThat(connection.received()).isEqualTo("one-shot\nand a second\n"); // one read, both answered
    assertThat(connection.isOutputShutdown()).isTrue(); // then the drain goes on as for the others
    connection.send("later\n");
    assertThat(connection.received()).isEmpty();
    connection.peerFin();
    assertThat(counters.connectionsClosed(CloseCause.DRAIN)).isEqualTo(1);
  }

  @Test
  void aFirstMessageThatArrivesInPiecesDuringTheGraceIsAnswered() {
    Connection connection = open("framing", "length", "drain-grace", "1s");

    drain(connection);
    connection.sendByteByByte(frame("split over many reads"));

    assertThat(connection.received()).isEqualTo(frame("split over many reads"));
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @Test
  void whenTheGraceEndsWithoutAMessageTheConnectionIsHalfClosed() {
    Connection connection = open("framing", "line", "drain-grace", "1s");
    connection.send("no newline yet");

    drain(connection);
    connection.advanceTimeBy(1, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks();

    assertThat(connection.isOutputShutdown()).isTrue();
    connection.send(" - now complete\n"); // too late: dropped
    assertThat(connection.received()).isEmpty();
    connection.peerFin();
    assertThat(counters.connectionsClosed(CloseCause.DRAIN)).isEqualTo(1);
  }

  @Test
  void aPeerFinDuringTheGraceClosesAsAnyFin() {
    Connection connection = open("framing", "line", "drain-grace", "1s");

    drain(connection);
    connection.peerFin();

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
    connection.advanceTimeBy(1, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks(); // the cancelled grace does nothing
  }

  @Test
  void withoutGraceAConnectionWithoutMessagesIsHalfClosedAtOnce() {
    Connection connection = open("framing", "line", "drain-grace", "0");

    drain(connection);

    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @Test
  void onARawStreamTheFirstBytesEndTheGrace() {
    Connection connection = open("framing", "raw", "drain-grace", "1s");

    drain(connection);
    connection.send("bytes");

    assertThat(connection.received()).isEqualTo("bytes");
    assertThat(connection.isOutputShutdown()).isTrue();
  }

  @Test
  void eachConnectionIsCountedClosedOnce() {
    Connection connection = open("framing", "line");
    connection.peerFin();
    connection.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    connection.close();

    long closed = 0;
    for (CloseCause cause : CloseCause.values()) {
      closed += counters.connectionsClosed(cause);
    }
    assertThat(closed).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
  }

  private static void drain(Connection connection) {
    connection.pipeline().fireUserEventTriggered(DrainRequest.INSTANCE);
    connection.runPendingTasks();
  }

  private Connection open(String... options) {
    ServerConfig config = ServerConfig.defaults(options);
    Connection connection =
        Connection.open(config, new ConnectionTracker(config.maxConnections()), counters);
    connections.add(connection);
    return connection;
  }
}
