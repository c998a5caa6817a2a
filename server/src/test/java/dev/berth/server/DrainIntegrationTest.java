package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.testing.Await;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The graceful stop, over loopback: answer what was received, FIN, never RST. */
class DrainIntegrationTest {

  private BerthServer server;

  private BerthServer start(String... options) throws Exception {
    String[] all = new String[options.length + 6];
    System.arraycopy(new String[] {"host", "127.0.0.1", "port", "0", "metrics", "false"}, 0, all, 0, 6);
    System.arraycopy(options, 0, all, 6, options.length);
    server = new BerthServer(ServerConfig.defaults(all));
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(30)
  void everyMessageReceivedBeforeTheDrainIsAnsweredThenFin() throws Exception {
    start("framing", "length");
    try (TestPeer busy = new TestPeer(server.boundAddress()); TestPeer idle = new TestPeer(server.boundAddress())) {
      for (int i = 0; i < 100; i++) {
        busy.send(TestPeer.lengthFrame("message " + i));
      }
      assertThat(busy.readLengthFrameText()).isEqualTo("message 0"); // the server has them
      Await.until("both connections open", () -> server.activeConnections() == 2);

      CompletableFuture<Void> drained = CompletableFuture.runAsync(server::drain);
      for (int i = 1; i < 100; i++) {
        assertThat(busy.readLengthFrameText()).isEqualTo("message " + i);
      }
      assertThat(busy.readToEof()).isEmpty(); // FIN after the last reply
      assertThat(idle.readToEof()).isEmpty();
      assertThat(server.readiness()).isEqualTo(Readiness.State.DRAINING);
      // Sending after our FIN is not an error: the server reads and discards until we close.
      busy.send(TestPeer.lengthFrame("too late"));
      busy.shutdownOutput();
      idle.shutdownOutput();
      drained.get(20, TimeUnit.SECONDS);
    }
    // Closed connections are counted as their close event passes the pipeline, just after.
    Await.until("both closes counted as drain", () -> server.counters().connectionsClosed(CloseCause.DRAIN) == 2);
    assertThat(server.activeConnections()).isZero();
  }

  @Test
  @Timeout(30)
  void theListeningSocketClosesAtOnce() throws Exception {
    start();
    int port = server.boundAddress().getPort();
    server.drain();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      throw new AssertionError("still accepting after the drain");
    } catch (ConnectException expected) {
      assertThat(expected).hasMessageContaining("refused");
    }
  }

  @Test
  @Timeout(30)
  void aPeerThatNeverClosesIsClosedAfterTheDrainTimeout() throws Exception {
    start("drain-timeout", "500ms");
    try (TestPeer stubborn = new TestPeer(server.boundAddress())) {
      stubborn.send("hello\n");
      assertThat(stubborn.readLineWithTerminator()).isEqualTo("hello\n");
      long started = System.nanoTime();
      server.drain();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(400);
      assertThat(stubborn.readToEof()).isEmpty(); // our FIN arrived; we never sent ours
      server.close();
      assertThat(server.activeConnections()).isZero();
    }
    Await.until("the close counted as drain", () -> server.counters().connectionsClosed(CloseCause.DRAIN) == 1);
  }
}
