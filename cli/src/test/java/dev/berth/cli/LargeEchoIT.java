package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.Sizes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One length-framed message far larger than the server's heap, echoed in echo mode: the server
 * streams it through instead of buffering it. Neither side ever holds the message: the client
 * generates the payload as it sends it and checks the echo as it reads it, on a plain socket.
 *
 * <p>In the default build: 64 MiB against a 32 MiB heap. The full size (4 GiB against 256 MiB)
 * runs with {@code ./mvnw -B -Plarge-echo -pl cli -am verify}; {@code -Dlarge.echo.size} and
 * {@code -Dlarge.echo.heap} choose others.
 */
class LargeEchoIT {

  private static final Pattern METRICS = Pattern.compile("ready: .*metrics=(\\S+:\\d+)");
  private static final int CHUNK = 64 * 1024;

  @Test
  void echoesOneMessageLargerThanTheHeapAsItStreams() throws Exception {
    long size = Sizes.parse(System.getProperty("large.echo.size", "64MiB"));
    String heap = System.getProperty("large.echo.heap", "32m");
    assertThat(size % 8).as("the payload is made of 8-byte words").isZero();
    try (BerthProcess server = BerthProcess.startWithJvmOptions(List.of("-Xmx" + heap),
        "server", "--framing", "length", "--mode", "echo", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0")) {
      int port = server.awaitReadyPort();
      long started = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(socket, size));
        receiveAndCheck(socket.getInputStream(), size);
        sending.join();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("echoed %s with -Xmx%s in %.1f s (%.0f MB/s each way); server peak RSS %s%n",
          Sizes.format(size), heap, seconds, size / seconds / 1e6, peakRss(server.pid()));

      String metrics = scrape(metricsAddress(server));
      assertThat(counter(metrics, "berth_messages_received_total")).isEqualTo(1);
      assertThat(counter(metrics, "berth_messages_sent_total")).isEqualTo(1);
      assertThat(counter(metrics, "berth_bytes_received_total")).isEqualTo(size + 8);
      assertThat(counter(metrics, "berth_bytes_sent_total")).isEqualTo(size + 8);
    }
  }

  /** The header, then the payload: word {@code i} is {@link #word(long) word(i)}, generated as it goes. */
  private static void send(Socket socket, long size) {
    try {
      OutputStream out = socket.getOutputStream();
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
      chunk.putLong(size + 8);
      long words = size / 8;
      for (long i = 0; i < words; i++) {
        if (!chunk.hasRemaining()) {
          out.write(chunk.array(), 0, chunk.position());
          chunk.clear();
        }
        chunk.putLong(word(i));
      }
      out.write(chunk.array(), 0, chunk.position());
      out.flush();
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new IllegalStateException("sending failed: " + e.getMessage(), e);
    }
  }

  private static void receiveAndCheck(InputStream in, long size) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    readFully(in, chunk, 8);
    assertThat(chunk.getLong(0)).as("echoed length").isEqualTo(size + 8);
    long words = size / 8;
    long i = 0;
    while (i < words) {
      int want = (int) Math.min(CHUNK, (words - i) * 8);
      readFully(in, chunk, want);
      for (int offset = 0; offset < want; offset += 8, i++) {
        long got = chunk.getLong(offset);
        if (got != word(i)) {
          throw new AssertionError("echo differs at payload byte " + (i * 8) + ": "
              + Long.toHexString(got) + " instead of " + Long.toHexString(word(i)));
        }
      }
    }
    assertThat(in.read()).as("the server closes after the echo").isEqualTo(-1);
  }

  private static void readFully(InputStream in, ByteBuffer buffer, int length) throws IOException {
    buffer.clear();
    int read = 0;
    while (read < length) {
      int n = in.read(buffer.array(), read, length - read);
      if (n < 0) {
        throw new EOFException("the echo ended early");
      }
      read += n;
    }
  }

  /** A different 8-byte word at each position, so a lost, repeated or moved piece shows. */
  private static long word(long index) {
    return index * 0x9E3779B97F4A7C15L + 0x5DEECE66DL;
  }

  private static String metricsAddress(BerthProcess server) {
    for (String line : server.stderr()) {
      Matcher ready = METRICS.matcher(line);
      if (ready.find()) {
        return ready.group(1);
      }
    }
    throw new AssertionError("no metrics address in " + server.stderr());
  }

  private static String scrape(String address) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + address + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static long counter(String metrics, String name) {
    Matcher sample = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(metrics);
    if (!sample.find()) {
      throw new AssertionError(name + " not in /metrics");
    }
    return (long) Double.parseDouble(sample.group(2));
  }

  private static String peakRss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).trim()).findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
