package dev.berth.client.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Gathers the loops' recorders on the bench's main thread: what the last collection brought (for
 * the progress line) and everything since the warmup ended (for the report).
 */
final class Measurements {

  private final List<LoopRecorders> recorders;
  private final Histogram collectedLatency = new Histogram(3);
  private final Histogram collectedConnects = new Histogram(3);
  private final Histogram sinceTick = new Histogram(3);
  private final Histogram connectsSinceTick = new Histogram(3);
  private final Histogram measured = new Histogram(3);
  private final Histogram measuredConnects = new Histogram(3);
  private long replies;

  Measurements(List<LoopRecorders> recorders) {
    this.recorders = recorders;
  }

  /** Takes what was recorded since the last call; it counts for the report when {@code measuring}. */
  void collect(boolean measuring) {
    collectedLatency.reset();
    collectedConnects.reset();
    for (LoopRecorders loop : recorders) {
      loop.drainInto(collectedLatency, collectedConnects);
    }
    replies += collectedLatency.getTotalCount();
    sinceTick.add(collectedLatency);
    connectsSinceTick.add(collectedConnects);
    if (measuring) {
      measured.add(collectedLatency);
      measuredConnects.add(collectedConnects);
    }
  }

  /** Latencies since the last progress line; the caller resets them with {@link #startTick()}. */
  Histogram sinceTick() {
    return sinceTick;
  }

  Histogram connectsSinceTick() {
    return connectsSinceTick;
  }

  void startTick() {
    sinceTick.reset();
    connectsSinceTick.reset();
  }

  Histogram measured() {
    return measured;
  }

  /** Replies collected over the whole run, warmup included. */
  long replies() {
    return replies;
  }

  Histogram measuredConnects() {
    return measuredConnects;
  }
}
