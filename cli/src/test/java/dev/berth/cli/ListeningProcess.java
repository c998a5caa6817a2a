package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server program that is not ours, started on a free port that it prints: its port is read from
 * the first line of its output that matches, the rest of the output is read and dropped (so the
 * pipe never fills), and closing it ends the process.
 */
final class ListeningProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ListeningProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code builder}'s program and waits (30 s at most) for a line of its output in which
   * {@code portLine}'s first group is the port.
   */
  static ListeningProcess start(ProcessBuilder builder, Pattern portLine) throws Exception {
    Process process = builder.redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      int port = CompletableFuture.supplyAsync(() -> readPort(output, portLine)).get(30, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
      return new ListeningProcess(process, port);
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

  private static int readPort(BufferedReader output, Pattern portLine) {
    try {
      String line;
      while ((line = output.readLine()) != null) {
        Matcher matcher = portLine.matcher(line);
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(1));
        }
      }
      throw new IllegalStateException("the program ended before it said its port");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
