package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code berth.jar server} as real processes: sharing a port, bind conflicts, usage errors, SIGTERM. */
class ServerProcessIT {

  @Test
  void twoInstancesOnOnePortBothAcceptAndAThirdWithoutReusePortFails() throws Exception {
    try (BerthProcess first = BerthProcess.start("server", "--metrics-port", "0", "--host", "127.0.0.1", "--port", "0",
            "--instance-id", "first", "--greeting", "{instance}", "--io-threads", "1");) {
      int port = first.awaitReadyPort();
      try (BerthProcess second = BerthProcess.start("server", "--metrics-port", "0", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--instance-id", "second", "--greeting", "{instance}")) {
        second.awaitReadyPort();
        // Sharing a port by accident must not go unnoticed.
        Await.until("the second instance saying it shares the port", () -> second.stderr().stream()
            .anyMatch(line -> line.contains("joined 1 other listening socket on port " + port + " (SO_REUSEPORT)")));
        Set<String> greeters = new HashSet<>();
        for (int i = 0; i < 64 && greeters.size() < 2; i++) {
          greeters.add(greetingFrom(port));
        }
        assertThat(greeters).containsExactlyInAnyOrder("first", "second");

        BerthProcess third = BerthProcess.run("server", "--metrics-port", "0", "--host", "127.0.0.1", "--port",
            Integer.toString(port), "--no-reuse-port");
        assertThat(third.exitValue()).isEqualTo(1);
        assertThat(third.stderr()).containsExactly("berth: cannot bind 127.0.0.1:" + port
            + ": address already in use (berth shares a port only when every process on it uses --reuse-port)");
      }
    }
  }

  @Test
  void aStartThatFailsPrintsItsOneErrorLineAndNothingElse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      BerthProcess berth = BerthProcess.run("server", "--metrics-port", "0", "--host", "127.0.0.1", "--port",
          Integer.toString(taken.getLocalPort()));

      assertThat(berth.exitValue()).isEqualTo(1);
      assertThat(berth.stderr()).containsExactly("berth: cannot bind 127.0.0.1:" + taken.getLocalPort()
          + ": address already in use (held by a process without SO_REUSEPORT, or by another user)");
    }
  }

  @Test
  void usageErrorsExitTwoWithOneLineAndNoStackTrace() throws Exception {
    String[][] cases = {
      {"server", "--framing", "raw", "--mode", "hello"},
      {"server", "--max-frame", "1 MB"},
      {"server", "--port", "70000"},
      {"server", "--no-such-option"},
      {"no-such-command"},
    };
    for (String[] args : cases) {
      BerthProcess berth = BerthProcess.run(args);
      assertThat(berth.exitValue()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(berth.stderr()).as(String.join(" ", args)).hasSize(1);
      assertThat(berth.stderr().get(0)).startsWith("berth: ").doesNotContain("Exception");
    }
  }

  @Test
  void sigtermStopsTheServerWithExitZero() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--metrics-port", "0", "--host", "127.0.0.1", "--port", "0")) {
      int port = server.awaitReadyPort();
      assertThat(greetingOrEcho(port, "ping")).isEqualTo("ping");
      server.signal("TERM");
      assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void versionAndHelp() throws Exception {
    BerthProcess version = BerthProcess.run("--version");
    assertThat(version.exitValue()).isZero();
    assertThat(version.stdout().get(0)).startsWith("berth ");
    BerthProcess help = BerthProcess.run("server", "--help");
    assertThat(help.exitValue()).isZero();
    assertThat(String.join("\n", help.stdout())).contains("--max-frame=SIZE", "--[no-]reuse-port");
  }

  private static String greetingFrom(int port) throws IOException {
    try (Socket socket = LoopbackSockets.connect(port)) {
      return reader(socket).readLine();
    }
  }

  private static String greetingOrEcho(int port, String message) throws IOException {
    try (Socket socket = LoopbackSockets.connect(port)) {
      socket.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
      return reader(socket).readLine();
    }
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }
}
