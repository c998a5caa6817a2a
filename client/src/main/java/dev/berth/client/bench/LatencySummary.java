package dev.berth.client.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution, in nanoseconds.
 *
 * @param count how many values were recorded
 */
public record LatencySummary(long count, long mean, long p50, long p90, long p99, long p999, long max) {

  /** An empty distribution, all zero. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  /** Summarises {@code histogram}, whose values are nanoseconds. */
  public static LatencySummary of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        histogram.getTotalCount(),
        Math.round(histogram.getMean()),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue());
  }
}
