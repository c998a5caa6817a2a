package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric that the Grafana dashboard and the alert rules in docker/ select is one that berth
 * exports: checked against the live {@code /metrics} of berth.jar.
 */
class MonitoredMetricsIT {

  /** Made by Prometheus for each target it scrapes, not by berth. */
  static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

  /**
   * Metrics of the contract that the dashboard and the rules use but berth does not export yet
   * (none now). Delete each name here when berth exports it; this test fails until then to say so.
   */
  static final Set<String> SPECIFIED_NOT_YET_EXPORTED = Set.of();

  @Test
  void everyMetricTheDashboardAndTheAlertRulesSelectIsExported() throws Exception {
    Set<String> selected = new TreeSet<>(MonitoringFiles.dashboardMetricNames());
    selected.addAll(MonitoringFiles.alertMetricNames());
    Set<String> exported;
    // A plain listener first (the ready line names its port) and one with TLS, for the TLS meters.
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--listen", "port=0,tls=off",
        "--listen", "name=tls,port=0", "--tls-self-signed", "--io-threads", "2",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0")) {
      int port = server.awaitReadyPort();
      try (Socket peer = LoopbackSockets.connect(port)) {
        assertThat(LoopbackSockets.roundTrip(peer, "hello")).isEqualTo("hello");
      }
      ProcessMetrics metrics = ProcessMetrics.of(server);
      collectGarbage(server);
      // Micrometer creates the GC pause timer at the first collection it hears of.
      Await.until("a GC pause in /metrics", Duration.ofSeconds(30),
          () -> metricNames(metrics).contains("jvm_gc_pause_seconds_count"));
      exported = metricNames(metrics);
    }

    Set<String> missing = new TreeSet<>(selected);
    missing.removeAll(exported);
    missing.removeAll(MADE_BY_PROMETHEUS);
    missing.removeAll(SPECIFIED_NOT_YET_EXPORTED);
    assertThat(missing).as("metrics selected in docker/grafana/berth.json or docker/prometheus/berth-rules.yml "
        + "that berth does not export").isEmpty();

    assertThat(selected).as("names in SPECIFIED_NOT_YET_EXPORTED that nothing selects")
        .containsAll(SPECIFIED_NOT_YET_EXPORTED);
    Set<String> arrived = new TreeSet<>(SPECIFIED_NOT_YET_EXPORTED);
    arrived.retainAll(exported);
    assertThat(arrived).as("exported now: delete them from SPECIFIED_NOT_YET_EXPORTED").isEmpty();
  }

  /** Runs a full collection in {@code server} ({@code jcmd PID GC.run}). */
  static void collectGarbage(BerthProcess server) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    ExternalCommand.Result gc =
        ExternalCommand.run(Path.of("."), jcmd.toString(), Long.toString(server.pid()), "GC.run");
    assertThat(gc.succeeded()).as(gc.output()).isTrue();
  }

  /** The metric names in one scrape: the series without their labels. */
  private static Set<String> metricNames(ProcessMetrics metrics) {
    Set<String> names = new TreeSet<>();
    metrics.scrape().keySet().forEach(series -> names.add(series.replaceFirst("\\{.*", "")));
    return names;
  }
}
