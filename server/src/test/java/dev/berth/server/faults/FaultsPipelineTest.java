package dev.berth.server.faults;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.FaultKind;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault on purpose through the real pipeline, on virtual time. */
class FaultsPipelineTest {

  private final ServerCounters counters = new ServerCounters();
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void close() {
    connections.forEach(Connection::finishAndReleaseAll);
  }

  private Connection open(String... options) {
    Connection connection = Connection.open(ServerConfig.defaults(options), new ConnectionTracker(100), counters);
    connections.add(connection);
    return connection;
  }

  private static void advance(Connection connection, long millis) {
    connection.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    connection.runScheduledPendingTasks();
  }

  @Test
  void aDelayedReplyLeavesNoSoonerThanTheDelayAndRepliesStayInOrder() {
    Connection connection = open("delay", "20ms..80ms", "fault-seed", "1");

    connection.send("a\nb\nc\nd\n");
    assertThat(connection.received()).isEmpty();
    advance(connection, 19);
    assertThat(connection.received()).isEmpty(); // none is due before 20 ms
    StringBuilder replies = new StringBuilder();
    for (int ms = 19; ms < 80; ms++) {
      advance(connection, 1);
      replies.append(connection.received());
    }

    assertThat(replies.toString()).isEqualTo("a\nb\nc\nd\n"); // all by 80 ms, in order
    assertThat(counters.faultsInjected(FaultKind.DELAY)).isEqualTo(4);
    assertThat(counters.messagesSent()).isEqualTo(4);
  }

  @Test
  void aFinAnswersTheDelayedRepliesBeforeClosing() {
    Connection connection = open("framing", "length", "delay", "50ms");

    connection.send(frame("late") + frame("later"));
    connection.peerFin();
    assertThat(connection.isOpen()).isTrue(); // the replies are still due

    advance(connection, 50);

    assertThat(connection.received()).isEqualTo(frame("late") + frame("later"));
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.PEER)).isEqualTo(1);
  }

  @Test
  void theSameSeedDropsTheSameMessages() {
    String first = dropped("7");
    String second = dropped("7");
    String other = dropped("8");

    assertThat(first).isEqualTo(second).isNotEqualTo(other);
    long answered = first.lines().count();
    assertThat(answered).isBetween(30L, 90L); // about 0.4 of 100 dropped
  }

  /** The replies of one connection sending 100 messages with a drop rate of 0.4 and {@code seed}. */
  private String dropped(String seed) {
    ServerCounters own = new ServerCounters();
    Connection connection = Connection.open(ServerConfig.defaults("drop-rate", "0.4", "fault-seed", seed),
        new ConnectionTracker(10), own);
    connections.add(connection);
    StringBuilder messages = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      messages.append(i).append('\n');
    }
    connection.send(messages.toString());
    String replies = connection.received();
    assertThat(own.messagesReceived()).as("a dropped message still counts as received").isEqualTo(100);
    assertThat(own.messagesSent() + own.faultsInjected(FaultKind.DROP)).isEqualTo(100);
    return replies;
  }

  @Test
  void closeAfterHalfClosesAfterTheNthReplyAsADrainWould() {
    Connection connection = open("close-after", "2");

    connection.send("one\ntwo\nthree\n"); // one read: the echo relay passes them one at a time

    assertThat(connection.received()).isEqualTo("one\ntwo\n");
    assertThat(connection.isOutputShutdown()).isTrue();
    connection.send("more\n"); // read and dropped, as in a drain
    assertThat(connection.received()).isEmpty();
    connection.peerFin();
    assertThat(counters.connectionsClosed(CloseCause.FAULT)).isEqualTo(1);
    assertThat(counters.faultsInjected(FaultKind.CLOSE)).isEqualTo(1);
  }

  @Test
  void resetAfterClosesAfterTheNthReply() {
    Connection connection = open("framing", "length", "mode", "reverse", "reset-after", "1");

    connection.send(frame("abc") + frame("def"));

    assertThat(connection.received()).isEqualTo(frame("cba"));
    assertThat(connection.isOpen()).isFalse(); // with SO_LINGER 0 on a socket: an RST (FaultsIntegrationTest)
    assertThat(counters.faultsInjected(FaultKind.RESET)).isEqualTo(1);
    assertThat(counters.connectionsClosed(CloseCause.FAULT)).isEqualTo(1);
  }

  @Test
  void resetRateResetsANewConnectionAtItsFirstMessage() {
    Connection connection = open("reset-rate", "1");

    connection.send("hello\n");

    assertThat(connection.received()).isEmpty();
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.faultsInjected(FaultKind.RESET)).isEqualTo(1);
  }

  @Test
  void stallAfterStopsReadingAfterNMessagesForGood() {
    Connection connection = open("stall-after", "2");

    connection.send("one\n");
    connection.send("two\n");

    assertThat(connection.received()).isEqualTo("one\ntwo\n");
    assertThat(connection.config().isAutoRead()).isFalse();
    connection.pipeline().fireChannelWritabilityChanged(); // backpressure ending does not undo it
    assertThat(connection.config().isAutoRead()).isFalse();
    assertThat(counters.faultsInjected(FaultKind.STALL)).isEqualTo(1);
  }

  @Test
  void throttlePacesTheBytesOfALargeReplyOverTime() {
    Connection connection = open("framing", "length", "max-frame", "1MiB", "mode", "reverse", "throttle", "64KiB");
    String payload = "x".repeat(64 * 1024);

    connection.send(frame(payload));
    int sent = connection.received().length();
    assertThat(sent).as("the first twentieth of a second's worth").isEqualTo(64 * 1024 / 20);
    for (int tick = 1; tick < 20; tick++) {
      advance(connection, 50);
      sent += connection.received().length();
    }
    assertThat(sent).as("within a second: not all of it").isLessThan(8 + payload.length());
    advance(connection, 50);
    advance(connection, 50);
    sent += connection.received().length();

    assertThat(sent).isEqualTo(8 + payload.length());
    assertThat(counters.faultsInjected(FaultKind.THROTTLE)).isPositive();
  }

  @Test
  void withoutFaultsNothingIsCountedAndEchoesPassInOnePiece() {
    Connection connection = open();

    connection.send("a\nb\n");

    assertThat(connection.received()).isEqualTo("a\nb\n");
    for (FaultKind kind : FaultKind.values()) {
      assertThat(counters.faultsInjected(kind)).as(kind.label()).isZero();
    }
  }
}
