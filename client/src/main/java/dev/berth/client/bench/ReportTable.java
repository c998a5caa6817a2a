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
    StringBuilder out = new StringBuilder();
    out.append("berth bench: ").append(Addresses.format(config.host(), config.port()))
        .append(", ").append(config.framing().optionName()).append(" framing, ")
        .append(size(config.size())).append(" messages, ")
        .append(config.connections()).append(config.churn() ? " concurrent churn" : "")
        .append(config.connections() == 1 ? " connection" : " connections")
        .append(config.churn() ? "" : ", pipeline " + config.pipeline()).append(", ")
        .append(config.openLoop() ? "open loop at " + Formats.count(config.rate()) + " msg/s" : "closed loop")
        .append(", ").append(config.untilStopped() ? "until stopped" : Durations.format(config.duration()))
        .append(" after ").append(Durations.format(config.warmup())).append(" warmup, ")
        .append(report.transport())
        .append(report.stoppedEarly() && !config.untilStopped() ? ", stopped early" : "")
        .append(config.resend() ? "" : ", no resend").append('\n');
    row(out, "messages", Formats.count(report.messages()) + " in "
        + String.format(Locale.ROOT, "%.1fs", report.seconds()),
        Formats.rate(report.messagesPerSecond()) + " msg/s",
        Formats.megabytes(report.bytesPerSecond()) + " MB/s each way");
    row(out, config.openLoop() ? "latency*" : "latency", percentiles(report.latency(), "no replies"));
    if (config.churn()) {
      row(out, "connections", Formats.count(report.connections()),
          Formats.rate(report.connectionsPerSecond()) + " conn/s");
      row(out, "connect", percentiles(report.connectLatency(), "no connections"));
    }
    StringBuilder errors = new StringBuilder();
    for (ErrorKind kind : ErrorKind.values()) {
      errors.append(kind.label()).append(' ').append(Formats.count(report.errors(kind))).append("   ");
    }
    row(out, "errors", errors + "resent " + Formats.count(report.resent()));
    row(out, "result", report.verdict());
    if (config.openLoop()) {
      out.append("* measured from each message's intended send time\n");
    }
    return out.toString();
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
