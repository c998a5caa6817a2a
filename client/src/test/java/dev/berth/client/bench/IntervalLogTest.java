package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.TestServer;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --hlog} file, read back by HdrHistogram's own reader. */
class IntervalLogTest {

  @TempDir
  Path dir;

  @Test
  void theMeasuredIntervalsAddUpToTheReportsMessages() throws Exception {
    Path hlog = dir.resolve("run.hlog");
    BenchReport report;
    try (TestServer server = TestServer.echo(Framing.LINE);
        IntervalLog log = IntervalLog.create(hlog, "berth bench --churn")) {
      Bench bench = new Bench(BenchConfig.defaults("port", Integer.toString(server.port()), "churn", "true",
          "connections", "2", "duration", "2500ms", "warmup", "600ms", "io-threads", "1"),
          new PrintStream(new ByteArrayOutputStream(), true));
      bench.onInterval(log);
      report = bench.run();
    }

    Map<String, Long> countByTag = new HashMap<>();
    Map<String, Integer> intervalsByTag = new HashMap<>();
    HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
    EncodableHistogram interval;
    double lastEnd = 0;
    while ((interval = reader.nextIntervalHistogram()) != null) {
      String tag = interval.getTag() == null ? "measured" : interval.getTag();
      countByTag.merge(tag, ((Histogram) interval).getTotalCount(), Long::sum);
      intervalsByTag.merge(tag, 1, Integer::sum);
      lastEnd = Math.max(lastEnd, interval.getEndTimeStamp() / 1000.0);
    }

    assertThat(report.messages()).isPositive();
    assertThat(countByTag.get("measured")).isEqualTo(report.messages());
    assertThat(countByTag.get(IntervalLog.WARMUP)).isPositive();
    assertThat(countByTag.get(IntervalLog.CONNECT)).isGreaterThanOrEqualTo(report.connections());
    // One histogram a second: 3 seconds, and the last part after the end.
    assertThat(intervalsByTag.get("measured")).isBetween(2, 5);
    assertThat(reader.getStartTimeSec()).isGreaterThan(1.6e9);
    assertThat(Files.readString(hlog)).startsWith("#berth bench --churn\n#[Histogram log format version ");
  }
}
