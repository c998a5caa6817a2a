package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's server) scraping three berth instances that share one
 * port, all on loopback: after a known load it reports exactly the messages that were sent;
 * every query of the Grafana dashboard runs on it and shows data; the alert rules load, evaluate
 * without error and stay quiet on healthy instances. Skipped, saying so, where prometheus is not
 * installed; CI installs it.
 */
class PrometheusScrapeIT {

  private static final int CONNECTIONS = 30;
  private static final int MESSAGES_PER_CONNECTION = 40;
  /** Prometheus needs a few scrapes (one a second here) to see the load; this is a generous bound. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern METRICS_ADDRESS = Pattern.compile(" ready: .* metrics=(\\S+)");

  @TempDir
  static Path directory;

  private static final List<BerthProcess> INSTANCES = new ArrayList<>();
  private static final List<String> TARGETS = new ArrayList<>();
  private static PrometheusServer prometheus;
  private static int port;

  @BeforeAll
  static void startThreeInstancesOnOnePortAndPrometheus() throws Exception {
    Path binary = ExternalCommand.require("prometheus", "prometheus");
    for (int i = 0; i < 3; i++) {
      // The shared plain port first (the ready line names it), and a TLS listener of its own, so
      // that the dashboard's TLS panels have series to show.
      BerthProcess instance = BerthProcess.start("server", "--host", "127.0.0.1",
          "--listen", "port=" + port + ",tls=off", "--listen", "name=tls,port=0", "--tls-self-signed",
          "--io-threads", "1", "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--instance-id", "scraped-" + i);
      INSTANCES.add(instance);
      port = instance.awaitReadyPort(); // the first binds port 0; the others share the port it got
      TARGETS.add(metricsAddress(instance));
      // So that the GC panels of the dashboard have something to show.
      MonitoredMetricsIT.collectGarbage(instance);
    }
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: berth
            static_configs:
              - targets: ['%s']
        """.formatted(MonitoringFiles.RULES.toAbsolutePath().normalize(), String.join("', '", TARGETS)));
    prometheus = PrometheusServer.start(binary, config, directory);
  }

  @AfterAll
  static void stopEverythingStarted() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
    for (BerthProcess instance : INSTANCES) {
      instance.close();
    }
  }

  @Test
  void prometheusCountsExactlyTheMessagesTheLoadSent() throws Exception {
    awaitValue("count(up{job=\"berth\"} == 1)", 3);
    sendLoad();
    int sent = CONNECTIONS * MESSAGES_PER_CONNECTION;

    // Counters only grow: wait until the sum reaches the load, then it must be exactly the load.
    awaitValue("sum(berth_messages_received_total)", sent);
    assertThat(prometheus.value("sum(berth_messages_received_total)")).isEqualTo(sent);
    assertThat(prometheus.value("sum(berth_messages_sent_total)")).isEqualTo(sent);
    awaitValue("sum(berth_connections_accepted_total)", CONNECTIONS);
    assertThat(prometheus.value("sum(berth_connections_accepted_total)")).isEqualTo(CONNECTIONS);
    // And each instance's share is what that instance says itself.
    for (int i = 0; i < INSTANCES.size(); i++) {
      long own = ProcessMetrics.of(INSTANCES.get(i)).value("berth_messages_received_total");
      assertThat(prometheus.value("sum(berth_messages_received_total{instance=\"" + TARGETS.get(i) + "\"})"))
          .as(TARGETS.get(i)).isEqualTo(own);
    }
  }

  @Test
  void everyDashboardQueryRunsAndShowsWhatBerthExports() {
    for (String panelQuery : MonitoringFiles.dashboardExpressions()) {
      String query = panelQuery.replace("$instance", ".+").replace("$__rate_interval", "10s");
      Set<String> notYet = new TreeSet<>(PromqlMetricNames.of(query));
      notYet.retainAll(MonitoredMetricsIT.SPECIFIED_NOT_YET_EXPORTED);
      JsonNode answer = prometheus.query(query);
      assertThat(answer.path("status").asText()).as(query + ": " + answer).isEqualTo("success");
      if (notYet.isEmpty()) {
        Await.until("data for " + query, PATIENCE,
            () -> !prometheus.query(query).path("data").path("result").isEmpty());
      }
    }
  }

  @Test
  void theAlertRulesLoadEvaluateAndStayQuietOnHealthyInstances() {
    Set<String> alerts = MonitoringFiles.alerts().keySet();
    Await.until("every rule evaluated", PATIENCE, () -> evaluatedRules().size() == alerts.size());
    List<JsonNode> rules = evaluatedRules();
    List<String> names = new ArrayList<>();
    for (JsonNode rule : rules) {
      names.add(rule.path("name").asText());
      assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok");
      assertThat(rule.path("state").asText()).as(rule.toString()).isEqualTo("inactive");
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(alerts);
  }

  /** The rules that Prometheus has evaluated at least once. */
  private static List<JsonNode> evaluatedRules() {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : prometheus.rules().path("data").path("groups")) {
      group.path("rules").forEach(rule -> {
        if (!rule.path("health").asText().equals("unknown")) {
          rules.add(rule);
        }
      });
    }
    return Collections.unmodifiableList(rules);
  }

  /** The known load: CONNECTIONS connections, each sending MESSAGES_PER_CONNECTION lines and reading every echo. */
  private static void sendLoad() throws Exception {
    for (int c = 0; c < CONNECTIONS; c++) {
      try (Socket socket = LoopbackSockets.connect(port)) {
        StringBuilder lines = new StringBuilder();
        for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
          lines.append("message ").append(c).append('.').append(m).append('\n');
        }
        socket.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
        BufferedReader replies =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
          assertThat(replies.readLine()).isEqualTo("message " + c + "." + m);
        }
      }
    }
  }

  /** Waits until {@code promql} yields at least {@code expected}. */
  private static void awaitValue(String promql, double expected) {
    try {
      Await.until(promql + " >= " + expected, PATIENCE, () -> prometheus.value(promql) >= expected);
    } catch (AssertionError timedOut) {
      throw new AssertionError(timedOut.getMessage() + " (last: " + prometheus.value(promql) + "); Prometheus's log:\n"
          + prometheus.log(), timedOut);
    }
  }

  private static String metricsAddress(BerthProcess instance) {
    for (String line : instance.stderr()) {
      Matcher ready = METRICS_ADDRESS.matcher(line);
      if (ready.find()) {
        return ready.group(1);
      }
    }
    throw new AssertionError("no metrics address in " + instance.stderr());
  }
}
