package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ServerConfig;
import dev.berth.server.activation.PassedSocket;
import dev.berth.server.activation.SocketActivation;
import dev.berth.server.lifecycle.GracefulStop;
import dev.berth.server.listener.Listeners;
import dev.berth.testing.Await;
import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers on a socket that "systemd" (the test) holds and passes: adopted instead of bound (and
 * made non-blocking), left
 * to systemd with its queue and backlog by a drain, served by the next server, and handed over
 * through the control socket like a bound one.
 */
class SocketActivationIntegrationTest {

  private static final int BACKLOG = 50;

  @TempDir
  Path dir;

  private final List<BerthServer> servers = new ArrayList<>();
  private SystemdSocket systemd;

  @BeforeEach
  void listen() throws Exception {
    assumeTrue(Epoll.isAvailable(), "socket activation needs epoll (Linux)");
    systemd = SystemdSocket.listen(BACKLOG, dir);
  }

  @AfterEach
  void stop() throws Exception {
    servers.forEach(BerthServer::close);
    if (systemd != null) {
      systemd.close();
    }
  }

  /** A server on a copy of systemd's socket, passed under the name {@code tcp-PORT}. */
  private BerthServer startActivated(String instance, String... options) throws Exception {
    return startActivated(systemd.passCopy(), instance, options);
  }

  /** A server on {@code fd}, a copy of systemd's socket, passed under the name {@code tcp-PORT}. */
  private BerthServer startActivated(int fd, String instance, String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("host", "127.0.0.1", "port", Integer.toString(systemd.port()),
        "metrics", "false", "greeting", "{instance}", "transport", "epoll", "io-threads", "2", "instance-id", instance));
    all.addAll(List.of(options));
    SocketActivation passed = SocketActivation.of(List.of(new PassedSocket(fd, "tcp-" + systemd.port())));
    BerthServer server = new BerthServer(ServerConfig.defaults(all.toArray(String[]::new)), passed);
    servers.add(server);
    server.start();
    return server;
  }

  @Test
  @Timeout(30)
  void theListenerAdoptsThePassedSocketInsteadOfBinding() throws Exception {
    try (LogCapture log = LogCapture.of(Listeners.class)) {
      int copy = systemd.passCopy(); // which leaves the socket non-blocking (Netty's recvFd): so only now
      systemd.makeBlocking(); // as systemd passes it without NonBlocking=yes
      // Without SO_REUSEPORT on systemd's socket, a bind of the port here would fail.
      BerthServer server = startActivated(copy, "one");

      assertThat(server.listeningSocketCount()).as("one socket, not one per event loop").isEqualTo(1);
      assertThat(server.boundAddress().getPort()).isEqualTo(systemd.port());
      assertThat(systemd.queues()).as("the only socket on the port: systemd's").hasSize(1);
      // Netty's accept loop must never block an event loop; the mode is the socket's, so systemd's copy shows it.
      assertThat(systemd.isNonBlocking()).isTrue();
      assertThat(log.lines()).anyMatch(line -> line.matches(
          "INFO listener tcp-" + systemd.port() + ": adopted the listening socket systemd passed \\(fd \\d+, 127\\.0\\.0\\.1:"
              + systemd.port() + "\\) instead of binding one"));
      try (TestPeer peer = new TestPeer(server.boundAddress())) {
        assertThat(peer.readLineWithTerminator()).isEqualTo("one\n");
        peer.send("ping\n");
        assertThat(peer.readLineWithTerminator()).isEqualTo("ping\n");
      }
    }
  }

  @Test
  @Timeout(60)
  void aDrainLeavesTheSocketWithItsQueueAndBacklogToTheNextServer() throws Exception {
    BerthServer first = startActivated("first", "drain-timeout", "30s");
    List<TestPeer> waiting = new ArrayList<>();
    try (LogCapture drainLog = LogCapture.of(GracefulStop.class);
        TestPeer early = new TestPeer(first.boundAddress())) {
      assertThat(early.readLineWithTerminator()).isEqualTo("first\n");
      CompletableFuture<Void> drained = CompletableFuture.runAsync(first::drain);
      // Logged once the listening socket is closed here: from now on only systemd holds it.
      Await.until("the first server stopped listening", () -> drainLog.lines().stream().anyMatch(
          line -> line.contains("draining:") && line.endsWith("listeners=left to systemd")));

      // Three wait in the queue: with the backlog of zero that a drain of a bound socket sets,
      // the kernel would take one and drop the SYNs of the others.
      for (int i = 0; i < 3; i++) {
        TestPeer peer = new TestPeer(first.boundAddress());
        waiting.add(peer);
        peer.send("queued " + i + "\n");
      }
      Await.until("connections in systemd's queue", () -> systemd.queues().equals(List.of(3)));

      assertThat(early.readToEof()).as("the first server's FIN").isEmpty();
      early.shutdownOutput();
      drained.get(20, TimeUnit.SECONDS);
      first.close();
      assertThat(systemd.queues()).as("none accepted by the first server").containsExactly(3);

      startActivated("second");
      for (int i = 0; i < waiting.size(); i++) {
        assertThat(waiting.get(i).readLineWithTerminator()).isEqualTo("second\n");
        assertThat(waiting.get(i).readLineWithTerminator()).isEqualTo("queued " + i + "\n");
      }
    } finally {
      for (TestPeer peer : waiting) {
        peer.close();
      }
    }
  }

  @Test
  @Timeout(60)
  void aSuccessorTakesOverTheActivatedSocketThroughTheControlSocket() throws Exception {
    Path control = dir.resolve("berth.sock");
    BerthServer old = startActivated("old", "control-socket", control.toString());
    ServerConfig successorConfig = ServerConfig.defaults("host", "127.0.0.1", "port", Integer.toString(systemd.port()),
        "metrics", "false", "greeting", "{instance}", "transport", "epoll", "instance-id", "new",
        "takeover-from", control.toString());
    BerthServer successor = new BerthServer(successorConfig);
    servers.add(successor);
    successor.start();

    assertThat(old.stopRequested().get(10, TimeUnit.SECONDS)).contains("handed over");
    old.drain();
    old.close();
    assertThat(successor.listeningSocketCount()).isEqualTo(1);
    assertThat(systemd.queues()).as("still the one socket").hasSize(1);
    try (TestPeer peer = new TestPeer(successor.boundAddress())) {
      assertThat(peer.readLineWithTerminator()).isEqualTo("new\n");
    }
  }
}
