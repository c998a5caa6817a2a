package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.BenchConfig;
import java.util.ArrayList;
import java.util.List;

/** Short bench runs for tests: half a second after a tenth of warmup, on one event loop. */
final class BenchRuns {

  private BenchRuns() {}

  /** A configuration against {@code port} with the option name/value pairs given. */
  static BenchConfig config(int port, String... options) {
    List<String> pairs = new ArrayList<>(List.of(
        "port", Integer.toString(port), "duration", "500ms", "warmup", "100ms", "io-threads", "1"));
    pairs.addAll(List.of(options));
    return BenchConfig.defaults(pairs.toArray(String[]::new));
  }

  /** No error of any kind, and replies measured with ordered percentiles. */
  static void assertClean(BenchReport report) {
    assertThat(report.errors().values()).as(report.toTable()).containsOnly(0L);
    assertThat(report.failed()).isFalse();
    assertThat(report.messages()).isPositive();
    LatencySummary latency = report.latency();
    assertThat(latency.p50()).isPositive().isLessThanOrEqualTo(latency.p99());
    assertThat(latency.p99()).isLessThanOrEqualTo(latency.p999());
    assertThat(latency.p999()).isLessThanOrEqualTo(latency.max());
  }
}
