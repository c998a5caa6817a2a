package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code berth.jar server} as a real process: JSON logs, the metrics endpoint, a taken metrics port. */
class OperationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> parseEachLine(List<String> lines) throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      parsed.add(JSON.readTree(line));
    }
    return parsed;
  }

  @Test
  void jsonLogsNameTheMetricsAddressWhichServesTheMetrics() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--io-threads", "2", "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--log-format", "json",
        "--instance-id", "it-1")) {
      server.awaitReadyPort();

      JsonNode ready = parseEachLine(server.stderr()).stream()
          .filter(line -> line.get("message").asText().contains(" ready: ")).findFirst().orElseThrow();
      String metricsAddress = ready.get("metrics").asText();
      assertThat(metricsAddress).startsWith("127.0.0.1:");
      assertThat(ready.get("message").asText()).contains("metrics=" + metricsAddress);
      assertThat(ready.get("instance").asText()).isEqualTo("it-1");

      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://" + metricsAddress + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("berth_info{framing=\"line\",instance_id=\"it-1\"");

      server.signal("TERM");
      assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(parseEachLine(server.stderr())).as("every line, to the last, is JSON").allSatisfy(line ->
          assertThat(line.get("instance").asText()).isEqualTo("it-1"));
    }
  }

  @Test
  void aTakenMetricsPortIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      BerthProcess server = BerthProcess.run("server", "--host", "127.0.0.1", "--port", "0",
          "--metrics-host", "127.0.0.1", "--metrics-port", Integer.toString(taken.getLocalPort()));

      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr().stream().filter(line -> line.startsWith("berth: "))).containsExactly(
          "berth: cannot bind 127.0.0.1:" + taken.getLocalPort() + " (metrics): address already in use "
              + "(pass --metrics-port to choose another, or --no-metrics)");
    }
  }
}
