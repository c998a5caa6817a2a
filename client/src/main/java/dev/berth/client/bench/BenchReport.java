package dev.berth.client.bench;

import dev.berth.config.BenchConfig;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one bench run.
 *
 * @param transport the I/O transport used, e.g. {@code epoll}
 * @param seconds the measured time (the warmup excluded); 0 when stopped during the warmup
 * @param stoppedEarly whether {@link Bench#stop()} ended the run before its duration was over
 * @param messages replies received and checked in the measured time
 * @param replies replies received and checked over the whole run, warmup included
 * @param connections connections opened in the measured time (one per message with churn)
 * @param latency message latency: from the send, or in an open loop from the intended send time
 * @param connectLatency from starting a connection attempt to the connection being open
 * @param errors errors by kind over the whole run, warmup included
 * @param resent messages sent again on a new connection after the server closed early
 * @param firstProblem the first error of the run, as an example, or {@code null}
 * @param timeline the run second by second, warmup included
 * @param percentiles the measured latency by percentile, for a chart; empty when nothing was measured
 * @param machine what the bench ran on
 */
public record BenchReport(
    BenchConfig config,
    String transport,
    double seconds,
    boolean stoppedEarly,
    long messages,
    long replies,
    long connections,
    LatencySummary latency,
    LatencySummary connectLatency,
    Map<ErrorKind, Long> errors,
    long resent,
    String firstProblem,
    List<Second> timeline,
    List<PercentilePoint> percentiles,
    Machine machine) {

  public BenchReport {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(connectLatency, "connectLatency");
    Map<ErrorKind, Long> all = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      all.put(kind, errors.getOrDefault(kind, 0L));
    }
    errors = Collections.unmodifiableMap(all);
    timeline = List.copyOf(timeline);
    percentiles = List.copyOf(percentiles);
    Objects.requireNonNull(machine, "machine");
  }

  public long errors(ErrorKind kind) {
    return errors.get(kind);
  }

  public double messagesPerSecond() {
    return seconds > 0 ? messages / seconds : 0;
  }

  /** Payload bytes per second in each direction. */
  public double bytesPerSecond() {
    return messagesPerSecond() * config.size();
  }

  public double connectionsPerSecond() {
    return seconds > 0 ? connections / seconds : 0;
  }

  /**
   * Whether the run failed: a message was lost, corrupted or never answered in time, no reply
   * came back at all, or none in a measured time that began. The command exits 1 then.
   */
  public boolean failed() {
    return errors(ErrorKind.LOST) + errors(ErrorKind.MISMATCH) + errors(ErrorKind.TIMEOUT) > 0 || noReplies();
  }

  /** Whether a stop during the warmup left nothing measured (not a failure in itself). */
  public boolean stoppedInWarmup() {
    return stoppedEarly && seconds == 0;
  }

  private boolean noReplies() {
    return replies == 0 || (messages == 0 && !stoppedInWarmup());
  }

  /** One line for people: {@code ok: ...}, or {@code FAILED: ...} with what went wrong. */
  public String verdict() {
    if (!failed()) {
      return stoppedInWarmup()
          ? "ok: every reply arrived and matched byte for byte (stopped during the warmup: nothing measured)"
          : "ok: every reply arrived and matched byte for byte";
    }
    StringBuilder line = new StringBuilder("FAILED: ");
    if (noReplies()) {
      line.append(replies == 0 ? "no reply was received" : "no reply was received in the measured time");
    } else {
      line.append(Formats.count(errors(ErrorKind.LOST))).append(" lost, ")
          .append(Formats.count(errors(ErrorKind.MISMATCH))).append(" corrupted, ")
          .append(Formats.count(errors(ErrorKind.TIMEOUT))).append(" timed out");
    }
    if (firstProblem != null) {
      line.append(" (first error: ").append(firstProblem).append(')');
    }
    return line.toString();
  }

  /** The summary table printed at the end of a run. */
  public String toTable() {
    return ReportTable.render(this);
  }

  /** The summary as one JSON object, for {@code --json}. */
  public String toJson() {
    return ReportJson.render(this, null);
  }

  /**
   * The same, naming the command line that ran the bench (shown in the HTML report), e.g. {@code
   * berth bench --port 7000 --churn}.
   */
  public String toJson(String commandLine) {
    return ReportJson.render(this, commandLine);
  }
}
