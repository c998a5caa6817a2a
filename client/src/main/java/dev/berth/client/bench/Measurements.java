package dev.berth.client.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Gathers the loops' recorders on the bench's main thread: what came since the last progress
 * tick (for the progress line and the per-second intervals) and everything since the warmup ended
 * (for the report).
 */
final class Measurements {

  private final List<LoopRecorders> recorders;
  private final Histogram collectedLatency = new Histogram(3);
  private final Histogram collectedConnects = new Histogram(3);
  private final Histogram sinceTick = new Histogram(3);
  private final Histogram connectsSinceTick = new Histogram(3);
  private final Histogram measuredSinceTick = new Histogram(3);
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
      measuredSinceTick.add(collectedLatency);
      measured.add(collectedLatency);
      measuredConnects.add(collectedConnects);
    }
  }

  /** Latencies since the last tick, warmup included; the caller resets them with {@link #startTick()}. */
  Histogram sinceTick() {
    return sinceTick;
  }

  /** The part of {@link #sinceTick()} that was measured (after the warmup). */
  Histogram measuredSinceTick() {
    return measuredSinceTick;
  }

  Histogram connectsSinceTick() {
    return connectsSinceTick;
  }

  void startTick() {
    sinceTick.reset();
    connectsSinceTick.reset();
    measuredSinceTick.reset();
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
