package dev.berth.cli;

import dev.berth.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (the Debian package's {@code haproxy}) started by a test in the foreground on loopback:
 * a TCP frontend on a free port and one backend server line, as the test writes it.
 */
final class HaproxyServer implements AutoCloseable {

  private static final int ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final int port;

  private HaproxyServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code haproxy} with a frontend on a free loopback port in front of {@code server}, a
   * backend {@code server} line such as {@code 127.0.0.1:7000 send-proxy-v2}, and waits until the
   * frontend accepts. The port is picked before HAProxy binds it: if another process takes it in
   * between, it tries another.
   */
  static HaproxyServer start(Path binary, String server, Path directory) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      int port = freeLoopbackPort();
      Path config = Files.writeString(directory.resolve("haproxy-" + attempt + ".cfg"), String.join("\n",
          "defaults",
          "  mode tcp",
          "  timeout connect 5s",
          "  timeout client 30s",
          "  timeout server 30s",
          "frontend clients",
          "  bind 127.0.0.1:" + port,
          "  default_backend berth",
          "backend berth",
          "  server berth " + server,
          ""));
      Path log = directory.resolve("haproxy-" + attempt + ".log");
      Process process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      HaproxyServer haproxy = new HaproxyServer(process, log, port);
      Await.until("HAProxy accepting on port " + port, Duration.ofSeconds(30),
          () -> !process.isAlive() || haproxy.accepts());
      if (process.isAlive()) {
        return haproxy;
      }
      String output = Files.readString(log);
      if (attempt == ATTEMPTS || !output.contains("address already in use") && !output.contains("cannot bind")) {
        throw new AssertionError("haproxy exited with " + process.exitValue() + ":\n" + output);
      }
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private boolean accepts() {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The frontend's port. */
  int port() {
    return port;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
