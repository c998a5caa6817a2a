package dev.berth.client.bench;

/**
 * One interval of a run as the report keeps it: the per-second series that the summary's charts
 * draw (throughput and p99 over the run).
 *
 * @param index the interval's number, from 1
 * @param seconds its length (1, or less for the last one)
 * @param warmup whether most of it was warmup
 * @param messages replies received in it
 * @param latency their latency
 * @param connections connections opened in it
 * @param errors errors of every kind since the run began
 */
public record Second(int index, double seconds, boolean warmup, long messages, LatencySummary latency,
    long connections, long errors) {

  /** What the report keeps of {@code interval}. */
  public static Second of(Interval interval) {
    return new Second(interval.index(), interval.seconds(), interval.warmup(),
        interval.latencies().getTotalCount(), LatencySummary.of(interval.latencies()),
        interval.connects().getTotalCount(), interval.errors());
  }

  public double messagesPerSecond() {
    return seconds > 0 ? messages / seconds : 0;
  }

  /** As one JSON object on one line (a line of {@code --json-stream}); {@code size} is the message size. */
  public String toJson(int size) {
    return ReportJson.second(this, size);
  }
}
