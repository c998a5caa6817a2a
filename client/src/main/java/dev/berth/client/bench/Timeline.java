package dev.berth.client.bench;

import dev.berth.config.BenchConfig;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's clock on the main thread: a progress line every second, the switch from warmup to
 * measuring at the exact moment the warmup ends, and the end of the measured duration.
 */
final class Timeline {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final BenchConfig config;
  private final BenchRun run;
  private final Measurements measurements;
  private final PrintStream progress;

  Timeline(BenchConfig config, BenchRun run, Measurements measurements, PrintStream progress) {
    this.config = config;
    this.run = run;
    this.measurements = measurements;
    this.progress = progress;
  }

  /** Runs from {@code start} until the measured duration is over; returns the measured seconds. */
  double run(long start) {
    long warmupEnd = start + config.warmup().toNanos();
    long end = warmupEnd + config.duration().toNanos();
    long nextTick = start + SECOND;
    long lastTick = start;
    boolean measuring = config.warmup().isZero();
    long measureStart = start;
    while (true) {
      long now = System.nanoTime();
      long wake = Math.min(nextTick, measuring ? end : warmupEnd);
      if (now < wake) {
        LockSupport.parkNanos(wake - now);
        continue;
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
        // An interval is labelled warmup when most of it was.
        boolean warmup = now - (now - lastTick) / 2 < warmupEnd;
        progress.println(ProgressLine.format((now - start + SECOND / 2) / SECOND, warmup,
            (now - lastTick) / 1e9, measurements.sinceTick(), measurements.connectsSinceTick(),
            config.churn(), config.size(), run.counters.errors()));
        measurements.startTick();
        lastTick = now;
        nextTick += SECOND;
      }
    }
  }
}
