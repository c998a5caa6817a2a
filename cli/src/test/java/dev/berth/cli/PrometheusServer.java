package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus server (the Debian package's {@code prometheus}) started by a test on loopback,
 * with its data and log in the test's temporary directory, and asked through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final URI api;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.api = URI.create("http://127.0.0.1:" + port + "/");
  }

  /**
   * Starts {@code prometheus} with {@code config} on a free loopback port and waits until it is
   * ready. The port is picked before Prometheus binds it, so another process may take it in
   * between: then it tries another.
   */
  static PrometheusServer start(Path binary, Path config, Path directory) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      int port = freeLoopbackPort();
      Path log = directory.resolve("prometheus-" + attempt + ".log");
      Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + directory.resolve("data-" + attempt), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PrometheusServer prometheus = new PrometheusServer(process, log, port);
      try {
        Await.until("Prometheus ready on port " + port, Duration.ofSeconds(60),
            () -> !process.isAlive() || prometheus.isReady());
      } catch (AssertionError notReady) {
        prometheus.close();
        throw new AssertionError(notReady.getMessage() + "; its log:\n" + prometheus.log(), notReady);
      }
      if (process.isAlive()) {
        return prometheus;
      }
      String output = Files.readString(log);
      if (attempt == ATTEMPTS || !output.contains("address already in use")) {
        throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + output);
      }
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private boolean isReady() {
    try {
      return http.send(HttpRequest.newBuilder(api.resolve("-/ready")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The answer to an instant query: {@code {"status": ..., "data": {"resultType": ..., "result": [...]}}}. */
  JsonNode query(String promql) {
    return get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The value of an instant query that yields one sample, or NaN when it yields none. */
  double value(String promql) {
    JsonNode result = query(promql).path("data").path("result");
    if (result.isEmpty()) {
      return Double.NaN;
    }
    if (result.size() > 1) {
      throw new AssertionError(promql + ": " + result.size() + " series (expected: 1): " + result);
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  /** The loaded rules and how their last evaluation went. */
  JsonNode rules() {
    return get("api/v1/rules");
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + api.resolve(path) + ": " + e + "\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What Prometheus has logged so far, for failure messages. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: Prometheus shuts down cleanly
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
