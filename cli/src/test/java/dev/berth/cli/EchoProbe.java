package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved client on a line-framed echo port, measuring each round trip while something
 * else loads the server: a line every {@code intervalMillis}, on one connection.
 */
final class EchoProbe implements AutoCloseable {

  private final Socket socket = new Socket();
  private final OutputStream out;
  private final BufferedReader in;
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private int sent;

  EchoProbe(int port, long intervalMillis) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    pacer.scheduleAtFixedRate(this::roundTrip, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void roundTrip() {
    String line = "probe-" + sent++;
    long start = System.nanoTime();
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      String reply = in.readLine();
      if (!line.equals(reply)) {
        failures.add("sent " + line + ", got " + reply);
      }
      latenciesNanos.add(System.nanoTime() - start);
    } catch (IOException e) {
      failures.add(line + ": " + e);
    }
  }

  /** Stops sending; returns the latencies measured, in milliseconds, sorted. */
  List<Double> stop() throws InterruptedException {
    pacer.shutdown();
    pacer.awaitTermination(10, TimeUnit.SECONDS);
    List<Double> millis = new ArrayList<>();
    synchronized (latenciesNanos) {
      latenciesNanos.forEach(nanos -> millis.add(nanos / 1e6));
    }
    Collections.sort(millis);
    return millis;
  }

  List<String> failures() {
    return failures;
  }

  static double percentile(List<Double> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
  }

  @Override
  public void close() throws IOException {
    pacer.shutdownNow();
    socket.close(); // also ends a round trip still waiting for its reply
  }
}
