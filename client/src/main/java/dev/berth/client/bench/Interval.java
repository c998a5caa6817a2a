package dev.berth.client.bench;

import org.HdrHistogram.Histogram;

/**
 * What one interval of a run brought (a second, or the shorter last one). The histograms are the
 * bench's own and are reused after the call: a listener copies what it keeps.
 *
 * @param index the interval's number, from 1
 * @param startNanos when it began ({@link System#nanoTime()})
 * @param endNanos when it ended
 * @param warmup whether most of it was warmup
 * @param latencies every reply's latency in the interval, warmup included (nanoseconds)
 * @param measured the part of {@code latencies} after the warmup
 * @param connects connect latencies in the interval
 * @param errors errors of every kind since the run began
 */
public record Interval(int index, long startNanos, long endNanos, boolean warmup, Histogram latencies,
    Histogram measured, Histogram connects, long errors) {

  /** The interval's length in seconds. */
  public double seconds() {
    return (endNanos - startNanos) / 1e9;
  }
}
