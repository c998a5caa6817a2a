package dev.berth.client.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The line printed each second: what the last interval brought, and the errors so far. */
final class ProgressLine {

  private ProgressLine() {}

  static String format(long elapsedSeconds, boolean warmup, double intervalSeconds, Histogram latencies,
      Histogram connects, boolean churn, int size, long errors) {
    double messagesPerSecond = latencies.getTotalCount() / intervalSeconds;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%4ds] %-7s", elapsedSeconds, warmup ? "warmup" : ""));
    line.append(Formats.rate(messagesPerSecond)).append(" msg/s  ")
        .append(Formats.megabytes(messagesPerSecond * size)).append(" MB/s");
    if (churn) {
      line.append("  ").append(Formats.rate(connects.getTotalCount() / intervalSeconds)).append(" conn/s");
    }
    if (latencies.getTotalCount() > 0) {
      line.append("  p50 ").append(Formats.latency(latencies.getValueAtPercentile(50)))
          .append("  p99 ").append(Formats.latency(latencies.getValueAtPercentile(99)))
          .append("  max ").append(Formats.latency(latencies.getMaxValue()));
    }
    return line.append("  errors ").append(Formats.count(errors)).toString();
  }
}
