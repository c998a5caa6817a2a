package dev.berth.client.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latency recorders of one event loop. Only that loop's thread records, so recording is
 * wait-free; the bench's main thread takes interval histograms from them once a second.
 */
final class LoopRecorders {

  private static final int SIGNIFICANT_DIGITS = 3;

  private final SingleWriterRecorder latency = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
  private final SingleWriterRecorder connectLatency = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
  private Histogram latencyInterval;
  private Histogram connectInterval;

  void recordLatency(long nanos) {
    latency.recordValue(Math.max(0, nanos));
  }

  void recordConnect(long nanos) {
    connectLatency.recordValue(Math.max(0, nanos));
  }

  /** Adds what was recorded since the last call to the two histograms. Main thread only. */
  void drainInto(Histogram latencies, Histogram connects) {
    latencyInterval = latency.getIntervalHistogram(latencyInterval);
    connectInterval = connectLatency.getIntervalHistogram(connectInterval);
    latencies.add(latencyInterval);
    connects.add(connectInterval);
  }
}
