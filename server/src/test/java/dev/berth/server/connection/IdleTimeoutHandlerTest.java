package dev.berth.server.connection;

import static dev.berth.server.pipeline.ServerChannelInitializerTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The idle timeout counts progress (messages in, replies taken), not bytes: slowloris is idle. */
class IdleTimeoutHandlerTest {

  private final ServerCounters counters = new ServerCounters();
  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() {
    connections.forEach(Connection::finishAndReleaseAll);
  }

  @Test
  void aLineTrickledAByteAtATimeIsIdle() {
    Connection connection = open("framing", "line", "idle-timeout", "30s");

    for (int i = 0; i < 2; i++) {
      advance(connection, 10);
      connection.send("x"); // a byte, never a whole line
    }
    advance(connection, 10);

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
  }

  @Test
  void aFrameTrickledAByteAtATimeIsIdle() {
    Connection connection = open("framing", "length", "idle-timeout", "30s");
    String frame = frame("never finished");

    for (int i = 0; i < 2; i++) {
      advance(connection, 10);
      connection.send(frame.substring(i, i + 1));
    }
    advance(connection, 10);

    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
  }

  @Test
  void onARawPortEveryByteIsProgress() {
    Connection connection = open("framing", "raw", "idle-timeout", "30s");

    for (int i = 0; i < 5; i++) {
      advance(connection, 20);
      connection.send("x");
    }
    assertThat(connection.isOpen()).isTrue();

    advance(connection, 30);
    assertThat(connection.isOpen()).isFalse();
    assertThat(connection.received()).isEqualTo("xxxxx");
  }

  @Test
  void eachWholeMessageRestartsTheClock() {
    Connection connection = open("framing", "line", "idle-timeout", "30s");

    for (int i = 0; i < 5; i++) {
      advance(connection, 20);
      connection.send("ping\n");
    }
    advance(connection, 29);
    assertThat(connection.isOpen()).isTrue();

    advance(connection, 1);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void aPeerTakingItsRepliesIsNotIdle() {
    Connection connection = open("framing", "line", "idle-timeout", "30s");
    connection.stall();
    connection.send("a reply the peer is slow to read\n");

    advance(connection, 20);
    connection.unstall(); // the peer reads
    advance(connection, 15);

    assertThat(connection.isOpen()).isTrue(); // 35 s after the message, but 15 s after the read
    advance(connection, 30);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void aPeerThatStopsReadingIsIdleEvenWithRepliesWaiting() {
    Connection connection = open("framing", "line", "idle-timeout", "30s");
    connection.stall();
    connection.send("never read\n");

    advance(connection, 30);
    assertThat(connection.isOpen()).isTrue(); // the first idle event waits for the reply to go out

    advance(connection, 30);
    assertThat(connection.isOpen()).isFalse();
    assertThat(counters.connectionsClosed(CloseCause.IDLE)).isEqualTo(1);
  }

  private static void advance(Connection connection, int seconds) {
    connection.advanceTimeBy(seconds, TimeUnit.SECONDS);
    connection.runScheduledPendingTasks();
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
