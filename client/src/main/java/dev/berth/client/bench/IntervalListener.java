package dev.berth.client.bench;

/**
 * Told of each interval of a bench run, on the bench's main thread, once a second and once more
 * for the last part when the run ends: for a live view ({@code --json-stream}), an interval log
 * ({@code --hlog}), the report's per-second series.
 */
@FunctionalInterface
public interface IntervalListener {

  void onInterval(Interval interval);
}
