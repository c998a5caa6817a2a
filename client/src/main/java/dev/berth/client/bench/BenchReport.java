package dev.berth.client.bench;

import dev.berth.client.FramingHint;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one bench run.
 *
 * @param transport the I/O transport used, e.g. {@code epoll}
 * @param tls the TLS the connections spoke, or {@code null} without TLS
 * @param seconds the measured time (the warmup excluded); 0 when stopped during the warmup
 * @param stoppedEarly whether {@link Bench#stop()} ended the run before its duration was over
 * @param messages replies received and checked in the measured time
 * @param replies replies received and checked over the whole run, warmup included
 * @param connections connections opened in the measured time (one per message with churn)
 * @param latency message latency: from the send, or in an open loop from the intended send time
 * @param connectLatency from starting a connection attempt to the connection being open
 * @param errors errors by kind over the whole run, warmup included
 * @param resent messages sent again on a new connection after the server closed early
 * @param datagramsSent with UDP: datagrams sent over the whole run, warmup included (0 over TCP)
 * @param firstProblem the first error of the run, as an example, or {@code null}
 * @param timeline the run second by second, warmup included
 * @param percentiles the measured latency by percentile, for a chart; empty when nothing was measured
 * @param machine what the bench ran on
 */
public record BenchReport(
    BenchConfig config,
    String transport,
    TlsSummary tls,
    double seconds,
    boolean stoppedEarly,
    long messages,
    long replies,
    long connections,
    LatencySummary latency,
    LatencySummary connectLatency,
    Map<ErrorKind, Long> errors,
    long resent,
    long datagramsSent,
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
   * came back at all, or none in a measured time that began. The command exits 1 then. With UDP,
   * lost datagrams fail the run only past {@code --max-loss}.
   */
  public boolean failed() {
    return errors(ErrorKind.MISMATCH) + errors(ErrorKind.TIMEOUT) > 0 || tooManyLost() || noReplies();
  }

  /** The share of the datagrams sent that were lost (0 over TCP, or before any was sent). */
  public double lossFraction() {
    return datagramsSent > 0 ? (double) errors(ErrorKind.LOST) / datagramsSent : 0;
  }

  private boolean tooManyLost() {
    return config.udp() ? config.maxLoss().exceededBy(errors(ErrorKind.LOST), datagramsSent) : errors(ErrorKind.LOST) > 0;
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
      String ok = config.udp() ? udpOk() : "ok: every reply arrived and matched byte for byte";
      return stoppedInWarmup() ? ok + " (stopped during the warmup: nothing measured)" : ok;
    }
    StringBuilder line = new StringBuilder("FAILED: ");
    if (noReplies()) {
      line.append(replies == 0 ? "no reply was received" : "no reply was received in the measured time");
      if (replies == 0 && connectedButUnanswered()) {
        line.append(": ").append(FramingHint.whySilent(config.framing(), config.tls() == null && config.proxy() == null));
      }
    } else if (config.udp()) {
      line.append(lost()).append(tooManyLost() ? ", more than --max-loss " + config.maxLoss() : "")
          .append(", ").append(Formats.count(errors(ErrorKind.MISMATCH))).append(" corrupted");
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

  /**
   * Whether connections were made and then went unanswered, as with a server of the other framing,
   * rather than refused or reset.
   */
  private boolean connectedButUnanswered() {
    return !config.udp() && config.framing() != Framing.RAW && errors(ErrorKind.REFUSED) + errors(ErrorKind.RESET) == 0;
  }

  private String udpOk() {
    if (errors(ErrorKind.LOST) == 0) {
      return "ok: every datagram was answered and matched byte for byte";
    }
    return "ok: " + lost() + ", within --max-loss " + config.maxLoss() + "; every reply matched byte for byte";
  }

  /** {@code 12 of 1,000 datagrams lost (1.2%)}. */
  String lost() {
    return Formats.count(errors(ErrorKind.LOST)) + " of " + Formats.count(datagramsSent) + " datagrams lost ("
        + Formats.percent(lossFraction()) + ")";
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
