package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ServerConfig;
import dev.berth.server.handover.Handover;
import dev.berth.server.listener.Listeners;
import dev.berth.testing.Await;
import io.netty.channel.epoll.Epoll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * The socket handover between two servers in one process (same user, so the credential check
 * passes): the successor adopts the listening sockets, the old server drains, nothing is rebound.
 */
class HandoverIntegrationTest {

  @TempDir
  Path dir;

  private final List<BerthServer> servers = new ArrayList<>();

  @BeforeEach
  void needsEpoll() {
    assumeTrue(Epoll.isAvailable(), "socket handover needs epoll (Linux)");
  }

  @AfterEach
  void stop() {
    servers.forEach(BerthServer::close);
  }

  private BerthServer start(String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("host", "127.0.0.1", "metrics", "false", "greeting", "{instance}",
        "transport", "epoll"));
    all.addAll(List.of(options));
    BerthServer server = new BerthServer(ServerConfig.defaults(all.toArray(String[]::new)));
    servers.add(server);
    server.start();
    return server;
  }

  @Test
  @Timeout(30)
  void theSuccessorAdoptsTheListeningSocketsAndTheOldServerDrains() throws Exception {
    Path control = dir.resolve("berth.sock");
    // Without SO_REUSEPORT nobody else could bind this port: the successor must adopt it.
    BerthServer old = start("port", "0", "reuse-port", "false", "instance-id", "old", "control-socket", control.toString());
    int port = old.boundAddress().getPort();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(control))).isEqualTo("rw-------");
    try (TestPeer before = new TestPeer(old.boundAddress())) {
      assertThat(before.readLineWithTerminator()).isEqualTo("old\n");

      BerthServer successor = start("port", "0", "instance-id", "new", "takeover-from", control.toString(),
          "control-socket", control.toString());
      assertThat(successor.boundAddress().getPort()).isEqualTo(port);
      assertThat(old.stopRequested().get(10, TimeUnit.SECONDS)).contains("handed over");
      CompletableFuture<Void> drained = CompletableFuture.runAsync(old::drain);

      assertThat(before.readToEof()).isEmpty(); // the old server's FIN
      before.shutdownOutput();
      drained.get(20, TimeUnit.SECONDS);
      try (TestPeer after = new TestPeer(old.boundAddress())) {
        assertThat(after.readLineWithTerminator()).isEqualTo("new\n");
      }
      // The successor now offers the control socket for the next upgrade.
      Await.until("successor's control socket", () -> Files.exists(control));
    }
  }

  /**
   * A client connecting throughout a handover, on what rolling upgrades use: the default host
   * 0.0.0.0 and SO_REUSEPORT. A successor that bound sockets of its own instead of adopting the
   * handed-over ones would start all the same, and the kernel would go on queueing connections
   * on the old server's copies, which nobody accepts any more: they would wait, and be reset when
   * the old server closes. Its test peers connect to 127.0.0.1.
   */
  @Test
  @Timeout(180)
  void aClientConnectingThroughoutAHandoverOnTheWildcardAddressIsAlwaysAnswered() throws Exception {
    Path control = dir.resolve("berth.sock");
    BerthServer old = start("host", "0.0.0.0", "port", "0", "io-threads", "2", "instance-id", "old",
        "control-socket", control.toString());
    int port = old.boundAddress().getPort();
    try (ConnectLoop client = ConnectLoop.start(old.boundAddress())) {
      client.awaitMoreAnswers("before the handover", 50);

      start("host", "0.0.0.0", "port", Integer.toString(port), "io-threads", "2", "instance-id", "new",
          "takeover-from", control.toString());
      assertThat(old.stopRequested().get(10, TimeUnit.SECONDS)).contains("handed over");
      client.awaitMoreAnswers("while the old server holds its copies of the sockets", 200);
      old.drain();
      old.close();
      client.awaitMoreAnswers("once the old server has closed", 200);
      client.close();

      assertThat(client.failures()).isEmpty();
      assertThat(client.answeredBy("old")).isGreaterThanOrEqualTo(50);
      // Every connection since the handover but the one under way when it happened.
      assertThat(client.answeredBy("new")).isGreaterThanOrEqualTo(2 * 200 - 1);
    }
  }

  @Test
  @Timeout(30)
  void everyListenerIsTakenOverByTheSuccessorsListenerOnItsAddress() throws Exception {
    Path control = dir.resolve("berth.sock");
    BerthServer old = start("reuse-port", "false", "instance-id", "old", "control-socket", control.toString(),
        "listen", "name=lines,port=0\nname=frames,port=0,framing=length");
    int lines = old.boundAddress("lines").getPort();
    int frames = old.boundAddress("frames").getPort();

    // Without SO_REUSEPORT nobody could bind these ports again: the successor must adopt both.
    // It names them otherwise, and adds a third listener of its own.
    BerthServer successor = start("instance-id", "new", "takeover-from", control.toString(),
        "listen", "name=l,port=" + lines + "\nname=f,port=" + frames + ",framing=length\nname=extra,port=0");
    old.stopRequested().get(10, TimeUnit.SECONDS);
    old.drain();

    assertThat(successor.boundAddress("l").getPort()).isEqualTo(lines);
    assertThat(successor.boundAddress("f").getPort()).isEqualTo(frames);
    try (TestPeer line = new TestPeer(successor.boundAddress("l"));
        TestPeer frame = new TestPeer(successor.boundAddress("f"));
        TestPeer extra = new TestPeer(successor.boundAddress("extra"))) {
      assertThat(line.readLineWithTerminator()).isEqualTo("new\n");
      assertThat(frame.readLengthFrameText()).isEqualTo("new");
      assertThat(extra.readLineWithTerminator()).isEqualTo("new\n");
    }
  }

  @Test
  @Timeout(30)
  void aHandedOverSocketNoListenerClaimsIsClosedWithAWarning() throws Exception {
    Path control = dir.resolve("berth.sock");
    BerthServer old = start("reuse-port", "false", "instance-id", "old", "control-socket", control.toString(),
        "listen", "name=kept,port=0\nname=dropped,port=0");
    int kept = old.boundAddress("kept").getPort();
    int dropped = old.boundAddress("dropped").getPort();

    try (LogCapture log = LogCapture.of(Listeners.class)) {
      start("instance-id", "new", "takeover-from", control.toString(), "port", Integer.toString(kept));
      assertThat(log.lines()).containsExactly("WARN a handed-over socket on 127.0.0.1:" + dropped
          + " belongs to no listener here: closed; connections the old server queues on it until it exits are reset");
    }
  }

  @Test
  @Timeout(30)
  void aMissingControlSocketIsReportedAndTheSuccessorBindsNormally() throws Exception {
    Path missing = dir.resolve("nobody-here.sock");
    BerthServer successor;
    try (LogCapture log = LogCapture.of(Handover.class)) {
      successor = start("port", "0", "instance-id", "alone", "takeover-from", missing.toString());
      assertThat(log.lines()).containsExactly("WARN takeover from " + missing + " failed: no control socket at "
          + missing + "; binding 127.0.0.1:0 instead");
    }
    try (TestPeer peer = new TestPeer(successor.boundAddress())) {
      assertThat(peer.readLineWithTerminator()).isEqualTo("alone\n");
    }
  }
}
