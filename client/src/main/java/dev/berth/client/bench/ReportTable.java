package dev.berth.client.bench;

import dev.berth.config.Addresses;
import dev.berth.config.BenchConfig;
import dev.berth.config.Durations;
import dev.berth.config.Sizes;
import java.util.Locale;

/** Renders a {@link BenchReport} as the table people read at the end of a run. */
final class ReportTable {

  private ReportTable() {}

  static String render(BenchReport report) {
    BenchConfig config = report.config();
    boolean udp = config.udp();
    StringBuilder out = new StringBuilder();
    out.append("berth bench: ").append(Addresses.format(config.host(), config.port())).append(udp ? " over UDP" : "")
        .append(", ").append(udp ? "" : config.framing().optionName() + " framing, ")
        .append(size(config.size())).append(udp ? " datagrams, " : " messages, ")
        .append(config.connections()).append(config.churn() ? " concurrent churn" : "")
        .append(udp ? (config.connections() == 1 ? " sender" : " senders")
            : config.connections() == 1 ? " connection" : " connections")
        .append(config.churn() ? "" : ", pipeline " + config.pipeline()).append(", ")
        .append(config.openLoop() ? "open loop at " + Formats.count(config.rate()) + " msg/s" : "closed loop")
        .append(", ").append(config.untilStopped() ? "until stopped" : Durations.format(config.duration()))
        .append(" after ").append(Durations.format(config.warmup())).append(" warmup, ")
        .append(report.transport())
        .append(report.tls() != null ? ", " + report.tls() : "")
        .append(config.proxy() != null ? ", PROXY " + config.proxy().version().optionName() + " headers" : "")
        .append(report.stoppedEarly() && !config.untilStopped() ? ", stopped early" : "")
        .append(config.resend() || udp ? "" : ", no resend").append('\n');
    row(out, udp ? "datagrams" : "messages", Formats.count(report.messages()) + " in "
        + String.format(Locale.ROOT, "%.1fs", report.seconds()),
        Formats.rate(report.messagesPerSecond()) + " msg/s",
        Formats.megabytes(report.bytesPerSecond()) + " MB/s each way");
    row(out, config.openLoop() ? "latency*" : "latency", percentiles(report.latency(), "no replies"));
    if (config.churn()) {
      row(out, "connections", Formats.count(report.connections()),
          Formats.rate(report.connectionsPerSecond()) + " conn/s");
      // With TLS a connection is open once its handshake is done, so this is the handshake's latency too.
      row(out, report.tls() != null ? "connect+tls" : "connect", percentiles(report.connectLatency(), "no connections"));
    }
    row(out, "errors", udp ? udpErrors(report) : tcpErrors(report));
    row(out, "result", report.verdict());
    if (config.openLoop()) {
      out.append("* measured from each message's intended send time\n");
    }
    return out.toString();
  }

  private static String tcpErrors(BenchReport report) {
    StringBuilder errors = new StringBuilder();
    for (ErrorKind kind : ErrorKind.values()) {
      errors.append(kind.label()).append(' ').append(Formats.count(report.errors(kind))).append("   ");
    }
    return errors + "resent " + Formats.count(report.resent());
  }

  /** Over UDP there are no connections to reset and nothing is resent; a datagram late past the timeout is lost. */
  private static String udpErrors(BenchReport report) {
    return "lost " + Formats.count(report.errors(ErrorKind.LOST)) + " (" + Formats.percent(report.lossFraction())
        + " of " + Formats.count(report.datagramsSent()) + " sent; --max-loss " + report.config().maxLoss() + ")   "
        + "mismatch " + Formats.count(report.errors(ErrorKind.MISMATCH)) + "   "
        + "refused " + Formats.count(report.errors(ErrorKind.REFUSED)) + "   "
        + "reset " + Formats.count(report.errors(ErrorKind.RESET));
  }

  /** {@code 64 B} or {@code 16KiB}. */
  private static String size(long bytes) {
    String size = Sizes.format(bytes);
    return Character.isDigit(size.charAt(size.length() - 1)) ? size + " B" : size;
  }

  /** The percentiles, or {@code none} when nothing was measured (rather than a row of zeros). */
  private static String percentiles(LatencySummary latency, String none) {
    if (latency.count() == 0) {
      return none;
    }
    return "p50 " + Formats.latency(latency.p50()) + "   p90 " + Formats.latency(latency.p90())
        + "   p99 " + Formats.latency(latency.p99()) + "   p99.9 " + Formats.latency(latency.p999())
        + "   max " + Formats.latency(latency.max()) + "   mean " + Formats.latency(latency.mean());
  }

  private static void row(StringBuilder out, String label, String... columns) {
    out.append(String.format(Locale.ROOT, "  %-12s", label)).append(String.join("   ", columns)).append('\n');
  }
}
