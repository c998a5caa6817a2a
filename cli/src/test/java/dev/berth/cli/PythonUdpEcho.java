package dev.berth.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A UDP echo server that is not ours: a few lines of Python, on 127.0.0.1 and a free port. */
final class PythonUdpEcho implements AutoCloseable {

  private static final String SCRIPT = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
      "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)",
      "s.bind(('127.0.0.1', 0))",
      "print(s.getsockname()[1], flush=True)",
      "while True:",
      "    data, peer = s.recvfrom(65535)",
      "    s.sendto(data, peer)");

  private final Process process;
  private final int port;

  private PythonUdpEcho(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PythonUdpEcho start(Path python) throws Exception {
    Process process = new ProcessBuilder(python.toString(), "-c", SCRIPT).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      return new PythonUdpEcho(process,
          CompletableFuture.supplyAsync(() -> readPort(output)).get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static int readPort(BufferedReader output) {
    try {
      return Integer.parseInt(output.readLine().strip());
    } catch (Exception e) {
      throw new IllegalStateException("the Python echo server did not start", e);
    }
  }
}
