package dev.berth.client.bench;

import dev.berth.config.BenchConfig;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bench's clock on the main thread: a progress line every second, the switch from warmup to
 * measuring at the exact moment the warmup ends, and the end of the measured duration, or an
 * earlier stop that another thread asks for.
 */
final class Timeline {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final BenchConfig config;
  private final BenchRun run;
  private final Measurements measurements;
  private final PrintStream progress;
  private final CountDownLatch stopRequested;
  private final IntervalListener intervals;
  private boolean stoppedEarly;
  private boolean measuring;
  private long warmupEnd;
  private long lastTick;
  private int ticks;

  Timeline(BenchConfig config, BenchRun run, Measurements measurements, PrintStream progress,
      CountDownLatch stopRequested, IntervalListener intervals) {
    this.config = config;
    this.run = run;
    this.measurements = measurements;
    this.progress = progress;
    this.stopRequested = stopRequested;
    this.intervals = intervals;
  }

  /**
   * Runs from {@code start} until the measured duration is over or a stop is requested; returns
   * the measured seconds (0 when stopped during the warmup).
   */
  double run(long start) {
    warmupEnd = start + config.warmup().toNanos();
    long end = config.untilStopped() ? Long.MAX_VALUE : warmupEnd + config.duration().toNanos();
    long nextTick = start + SECOND;
    lastTick = start;
    measuring = config.warmup().isZero();
    long measureStart = start;
    while (true) {
      long now = System.nanoTime();
      long wake = Math.min(nextTick, measuring ? end : warmupEnd);
      if (now < wake && !awaitStop(wake - now)) {
        continue;
      }
      now = System.nanoTime();
      if (stopRequested.getCount() == 0 && now < end) {
        stoppedEarly = true;
        return measuring ? (now - measureStart) / 1e9 : 0;
      }
      if (!measuring && now >= warmupEnd) {
        // What was recorded up to here belongs to the warmup; from here on it counts.
        measurements.collect(false);
        measuring = true;
        measureStart = now;
      }
      if (now >= end) {
        return (now - measureStart) / 1e9;
      }
      if (now >= nextTick) {
        measurements.collect(measuring);
        Interval interval = interval(now);
        progress.println(ProgressLine.format((now - start + SECOND / 2) / SECOND, interval.warmup(),
            interval.seconds(), measurements.sinceTick(), measurements.connectsSinceTick(),
            config.churn(), config.size(), run.counters.errors()));
        intervals.onInterval(interval);
        measurements.startTick();
        lastTick = now;
        nextTick += SECOND;
      }
    }
  }

  /**
   * After the run has stopped and the replies in flight are in: collects them and reports the
   * last interval, shorter than a second.
   */
  void finish() {
    measurements.collect(measuring);
    long now = System.nanoTime();
    if (measurements.sinceTick().getTotalCount() > 0 || measurements.connectsSinceTick().getTotalCount() > 0) {
      intervals.onInterval(interval(now));
    }
    measurements.startTick();
  }

  private Interval interval(long now) {
    // An interval is labelled warmup when most of it was.
    boolean warmup = now - (now - lastTick) / 2 < warmupEnd;
    return new Interval(++ticks, lastTick, now, warmup, measurements.sinceTick(),
        measurements.measuredSinceTick(), measurements.connectsSinceTick(), run.counters.errors());
  }

  /** Whether the run ended because a stop was requested before its duration was over. */
  boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Waits up to {@code nanos} for a stop request; true when one came. */
  private boolean awaitStop(long nanos) {
    try {
      return stopRequested.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // An interrupted bench thread ends the run as a stop would, keeping the flag for the caller.
      Thread.currentThread().interrupt();
      stopRequested.countDown();
      return true;
    }
  }
}
