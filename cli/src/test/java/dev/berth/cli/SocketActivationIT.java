package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.InstalledJdks.Jdk;
import dev.berth.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * berth.jar started by {@code systemd-socket-activate} (systemd's tool for trying socket
 * activation), which binds the port, waits for the first connection, then execs berth with the
 * socket as descriptor 3 and {@code LISTEN_FDS}, {@code LISTEN_PID}, {@code LISTEN_FDNAMES} set,
 * in blocking mode as systemd passes it without {@code NonBlocking=yes}.
 */
class SocketActivationIT {

  /** How long a client waits for a berth that is starting (a JVM start, on a busy machine). */
  private static final int STARTUP_MILLIS = 60_000;

  private static final Pattern PID = Pattern.compile("berth (\\w+): pid (\\d+)");

  @TempDir
  Path dir;

  private Path activate;

  @BeforeEach
  void needsTheTool() {
    activate = ExternalCommand.require("systemd-socket-activate", "systemd");
  }

  static Stream<Jdk> jdks() {
    return InstalledJdks.find().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void berthAdoptsThePassedSocketServesItAndDrainsOnSigterm(Jdk jdk) throws Exception {
    try (Activated berth = Activated.start(activate, port -> command(jdk,
        "--fdname=tcp-" + port, "server", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--metrics-port", "0"))) {
      int port = berth.port();
      try (Socket first = LoopbackSockets.connect(port)) { // systemd-socket-activate starts berth now
        first.setSoTimeout(STARTUP_MILLIS);
        assertThat(LoopbackSockets.roundTrip(first, "hello")).isEqualTo("hello");
      }
      assertThat(berth.process().awaitReadyPort()).isEqualTo(port);
      String adopted = "INFO  Listeners - listener tcp-" + port + ": adopted the listening socket systemd passed (fd 3, "
          + "127.0.0.1:" + port + ") instead of binding one";
      Await.until("the line after the ready line that says so",
          () -> berth.process().stderr().stream().anyMatch(line -> line.endsWith(adopted)));

      // exec'd: berth is the process systemd-socket-activate was, holding the only socket on the port.
      long pid = berth.process().pid();
      String socket = Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/3")).toString();
      assertThat(ListeningRows.onPort(port)).as("listening on the port").extracting(ListeningRows.Row::inode)
          .containsExactly(socket.substring("socket:[".length(), socket.length() - 1));
      assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/3")))
          .as("made non-blocking (O_NONBLOCK, 04000)").anySatisfy(line ->
              assertThat(line.startsWith("flags:") && (Integer.parseInt(line.substring(6).trim(), 8) & 04000) != 0)
                  .isTrue());

      berth.process().signal("TERM");
      assertThat(berth.process().awaitExit(Duration.ofSeconds(60))).as("exit; stderr: " + berth.process().stderr())
          .isZero();
      assertThat(berth.process().stderr()).anyMatch(line -> line.contains("draining:")
          && line.endsWith("listeners=left to systemd"));
      assertThat(berth.process().stderr()).noneSatisfy(line -> assertThat(line).containsAnyOf("WARNING:", "WARN "));
    }
  }

  @Test
  void connectionsMadeWhileBerthRestartsWaitInTheSocketForTheNextBerth() throws Exception {
    // As systemd holds a socket unit's socket through a restart of its service: a shell keeps
    // descriptor 3 and runs berth twice, one after the other, each with LISTEN_PID its own.
    Path restarts = dir.resolve("restarts.sh");
    Files.writeString(restarts, String.join("\n",
        "for run in first second; do",
        "  sh -c 'echo \"berth $0: pid $$\" >&2; LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"' \\",
        "    \"$run\" \"$@\" --instance-id \"$run\"",
        "  echo \"berth $run: exit $?\" >&2",
        "done", ""));
    try (Activated activated = Activated.start(activate, port -> {
      List<String> command = new ArrayList<>(List.of("--fdname=tcp-" + port, "sh", restarts.toString()));
      command.addAll(berthCommand(InstalledJdks.current(), "server", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--metrics-port", "0", "--greeting", "{instance}", "--drain-timeout", "1m"));
      return command;
    })) {
      int port = activated.port();
      BerthProcess berths = activated.process();
      List<Socket> waiting = new ArrayList<>();
      try (Socket early = LoopbackSockets.connect(port)) {
        early.setSoTimeout(STARTUP_MILLIS);
        assertThat(LoopbackSockets.readLine(early)).as("the greeting").isEqualTo("first");
        assertThat(LoopbackSockets.roundTrip(early, "hello")).isEqualTo("hello");
        terminate(pidOf(berths, "first"));
        Await.until("the first berth closed its copy of the socket", () -> berths.stderr().stream()
            .anyMatch(line -> line.contains("draining:") && line.endsWith("listeners=left to systemd")));

        // Queued in the socket the shell holds, none taken by the draining berth. Three: a
        // backlog shrunk to zero would take one and drop the others' SYNs.
        for (int i = 0; i < 3; i++) {
          Socket peer = LoopbackSockets.connect(port);
          peer.setSoTimeout(STARTUP_MILLIS); // answered once the next berth has started
          waiting.add(peer);
          peer.getOutputStream().write(("queued " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Await.until("three connections queued", () -> ListeningRows.onPort(port).stream()
            .map(ListeningRows.Row::queued).toList().equals(List.of(3)));
        assertThat(early.getInputStream().read()).as("the first berth's FIN").isEqualTo(-1);
      }
      Await.until("the first berth drained and exited", () -> berths.stderr().contains("berth first: exit 0"));
      for (int i = 0; i < waiting.size(); i++) {
        try (Socket peer = waiting.get(i)) {
          assertThat(LoopbackSockets.readLine(peer)).isEqualTo("second");
          assertThat(LoopbackSockets.readLine(peer)).isEqualTo("queued " + i);
        }
      }
      terminate(pidOf(berths, "second"));
      assertThat(berths.awaitExit(Duration.ofSeconds(60))).isZero();
      assertThat(berths.stderr()).contains("berth second: exit 0");
    }
  }

  @Test
  void aSocketNoListenerClaimsIsAConfigurationError() throws Exception {
    try (Activated berth = Activated.start(activate, port -> command(InstalledJdks.current(),
        "--fdname=tcp-1", "server", "--host", "127.0.0.1", "--port", Integer.toString(port)))) {
      int port = berth.port();
      LoopbackSockets.connect(port).close();
      assertThat(berth.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(berthLines(berth.process())).containsExactly("berth: systemd passed socket \"tcp-1\" (fd 3), but "
          + "no listener has that name (listeners: tcp-" + port + ")");
    }
  }

  @Test
  void aUdpSocketIsAConfigurationError() throws Exception {
    try (Activated berth = Activated.start(activate, port -> command(InstalledJdks.current(),
        "--datagram", "server", "--host", "127.0.0.1", "--port", Integer.toString(port)))) {
      try (DatagramSocket datagram = new DatagramSocket()) {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        datagram.send(new DatagramPacket(hello, hello.length, new InetSocketAddress("127.0.0.1", berth.port())));
      }
      assertThat(berth.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(berthLines(berth.process())).containsExactly("berth: systemd passed socket \"unknown\" (fd 3), "
          + "which is a UDP socket: berth adopts listening TCP sockets only (ListenStream= with Accept=no in the "
          + "socket unit)");
    }
  }

  @Test
  void anotherTransportThanEpollIsAConfigurationError() throws Exception {
    try (Activated berth = Activated.start(activate, port -> command(InstalledJdks.current(),
        "--fdname=tcp-" + port, "server", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--transport", "nio"))) {
      LoopbackSockets.connect(berth.port()).close();
      assertThat(berth.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(berthLines(berth.process())).containsExactly("berth: socket activation (LISTEN_FDS=1 from "
          + "systemd) needs the epoll transport, which adopts listening sockets (this server uses nio)");
    }
  }

  @Test
  void theManifestExportsTheJdksCallThatMakesASocketNonBlocking() throws IOException {
    try (JarFile jar = new JarFile(BerthProcess.jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Add-Exports")).isEqualTo("java.base/sun.nio.ch");
    }
  }

  /** Options of systemd-socket-activate, then berth's command line. */
  private static List<String> command(Jdk jdk, String activateOption, String... berth) {
    List<String> command = new ArrayList<>(List.of(activateOption));
    command.addAll(berthCommand(jdk, berth));
    return command;
  }

  private static List<String> berthCommand(Jdk jdk, String... args) {
    List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx256m", "-jar",
        BerthProcess.jar().toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** The lines berth printed, without systemd-socket-activate's. */
  private static List<String> berthLines(BerthProcess process) {
    return process.stderr().stream()
        .filter(line -> !line.startsWith("Listening on ") && !line.startsWith("Communication attempt on ")
            && !line.startsWith("Execing "))
        .toList();
  }

  private static String pidOf(BerthProcess berths, String run) {
    Await.until("berth " + run + " started",
        () -> berths.stderr().stream().anyMatch(line -> line.startsWith("berth " + run + ": pid ")));
    for (String line : berths.stderr()) {
      Matcher pid = PID.matcher(line);
      if (pid.matches() && pid.group(1).equals(run)) {
        return pid.group(2);
      }
    }
    throw new AssertionError("no pid of berth " + run);
  }

  private static void terminate(String pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-TERM", pid).inheritIO().start().waitFor();
  }

  /**
   * systemd-socket-activate listening on 127.0.0.1:PORT, berth to start at the first connection.
   * It cannot bind port 0, so PORT is one the kernel just gave out and took back; taken again by
   * someone else meanwhile, another is tried.
   */
  private record Activated(int port, BerthProcess process) implements AutoCloseable {

    static Activated start(Path activate, IntFunction<List<String>> command) throws Exception {
      for (int attempt = 1; ; attempt++) {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
          probe.bind(new InetSocketAddress("127.0.0.1", 0));
          port = probe.getLocalPort();
        }
        List<String> full = new ArrayList<>(List.of(activate.toString(), "-l", "127.0.0.1:" + port));
        full.addAll(command.apply(port));
        BerthProcess process = BerthProcess.start(new ProcessBuilder(full));
        String listening = "Listening on 127.0.0.1:" + port + " as 3.";
        Await.until("systemd-socket-activate listening", Duration.ofSeconds(20),
            () -> process.stderr().contains(listening) || !process.isAlive());
        if (process.stderr().contains(listening)) {
          return new Activated(port, process);
        }
        process.awaitExit(Duration.ofSeconds(10));
        if (attempt == 5 || process.stderr().stream().noneMatch(line -> line.contains("Address already in use"))) {
          throw new AssertionError("systemd-socket-activate failed: " + process.stderr());
        }
      }
    }

    /** Ends what is left: what systemd-socket-activate ran, and what that started (the restart shell's berths). */
    @Override
    public void close() throws InterruptedException {
      ProcessHandle.of(process.pid()).ifPresent(started -> started.descendants().forEach(ProcessHandle::destroyForcibly));
      process.close();
    }
  }

  /** The kernel's table of listening TCP sockets ({@code /proc/net/tcp}, {@code tcp6}). */
  private static final class ListeningRows {

    record Row(String inode, int queued) {}

    /** Every socket listening on {@code port}: its inode and how many connections wait in its accept queue. */
    static List<Row> onPort(int port) {
      String local = String.format(Locale.ROOT, ":%04X", port);
      List<Row> rows = new ArrayList<>();
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        try {
          for (String line : Files.readAllLines(Path.of(table))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(local) && f[3].equals("0A")) {
              rows.add(new Row(f[9], Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16)));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return rows;
    }
  }
}
