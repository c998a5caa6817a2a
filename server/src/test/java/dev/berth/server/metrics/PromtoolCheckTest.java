package dev.berth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.BerthServer;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus' own linter, {@code promtool check metrics}, on a real server's {@code /metrics}.
 * Skipped, and saying so, where promtool is not installed; CI installs it (Debian package
 * {@code prometheus}), so there it always runs.
 */
class PromtoolCheckTest {

  private static final String SKIPPED = "promtool is not on PATH: skipped `promtool check metrics` "
      + "(install the Debian package prometheus to run it)";

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    Optional<Path> promtool = onPath("promtool");
    if (promtool.isEmpty()) {
      System.err.println("PromtoolCheckTest: " + SKIPPED);
    }
    Assumptions.assumeTrue(promtool.isPresent(), SKIPPED);
    String exposition;
    try (BerthServer server = new BerthServer(ServerConfig.defaults("host", "127.0.0.1", "port", "0",
        "io-threads", "2", "metrics-host", "127.0.0.1", "metrics-port", "0"))) {
      server.start();
      // Some traffic first, so that every counter has moved and every meter has been created.
      try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), server.boundAddress().getPort())) {
        peer.setSoTimeout(10_000);
        peer.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
        peer.getInputStream().readNBytes(8);
      }
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsAddress().orElseThrow().getPort()
              + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      exposition = response.body();
    }

    Process check = new ProcessBuilder(promtool.get().toString(), "check", "metrics")
        .redirectErrorStream(true)
        .start();
    try (OutputStream in = check.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();

    assertThat(output).as("promtool's complaints").isEmpty();
    assertThat(check.exitValue()).isZero();
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
