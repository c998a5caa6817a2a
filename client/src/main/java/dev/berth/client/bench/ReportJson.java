package dev.berth.client.bench;

import dev.berth.config.BenchConfig;
import java.util.Locale;

/**
 * Renders a {@link BenchReport} as one JSON object, and each second of a run as one too;
 * latencies in microseconds. The object carries what {@code berth bench report} needs to draw the
 * run again: the percentile curve, the per-second series, the machine and the command line.
 */
final class ReportJson {

  private ReportJson() {}

  static String render(BenchReport report, String commandLine) {
    BenchConfig config = report.config();
    StringBuilder json = new StringBuilder("{");
    field(json, "host", quote(config.host()));
    field(json, "port", config.port());
    field(json, "framing", quote(config.framing().optionName()));
    field(json, "transport", quote(report.transport()));
    field(json, "connections", config.connections());
    field(json, "size", config.size());
    field(json, "pipeline", config.pipeline());
    field(json, "churn", config.churn());
    field(json, "rate", config.rate());
    field(json, "duration_seconds", number(config.duration().toMillis() / 1e3));
    field(json, "warmup_seconds", number(config.warmup().toMillis() / 1e3));
    field(json, "measured_seconds", number(report.seconds()));
    field(json, "stopped_early", report.stoppedEarly());
    field(json, "resend", config.resend());
    field(json, "messages", report.messages());
    field(json, "messages_per_second", number(report.messagesPerSecond()));
    field(json, "megabytes_per_second", number(report.bytesPerSecond() / 1e6));
    field(json, "connections_opened", report.connections());
    field(json, "connections_per_second", number(report.connectionsPerSecond()));
    field(json, "latency_us", latency(report.latency()));
    field(json, "connect_latency_us", latency(report.connectLatency()));
    StringBuilder errors = new StringBuilder("{");
    for (ErrorKind kind : ErrorKind.values()) {
      field(errors, kind.label(), report.errors(kind));
    }
    field(json, "errors", close(errors));
    field(json, "resent", report.resent());
    field(json, "first_error", report.firstProblem() == null ? "null" : quote(report.firstProblem()));
    field(json, "failed", report.failed());
    field(json, "verdict", quote(report.verdict()));
    field(json, "command_line", commandLine == null ? "null" : quote(commandLine));
    StringBuilder machine = new StringBuilder("{");
    field(machine, "cores", report.machine().cores());
    field(machine, "jdk", quote(report.machine().jdk()));
    field(machine, "os", quote(report.machine().os()));
    field(json, "machine", close(machine));
    StringBuilder curve = new StringBuilder("[");
    for (PercentilePoint point : report.percentiles()) {
      curve.append(curve.length() > 1 ? "," : "").append('[').append(number(point.percentile())).append(',')
          .append(micros(point.nanos())).append(']');
    }
    field(json, "percentiles_us", curve.append(']'));
    StringBuilder seconds = new StringBuilder("[");
    for (Second second : report.timeline()) {
      seconds.append(seconds.length() > 1 ? "," : "").append(second(second, config.size()));
    }
    field(json, "seconds", seconds.append(']'));
    return close(json);
  }

  /** One second of a run: a line of {@code --json-stream}, an element of the summary's {@code seconds}. */
  static String second(Second second, int size) {
    StringBuilder json = new StringBuilder("{");
    field(json, "second", second.index());
    field(json, "seconds", number(second.seconds()));
    field(json, "warmup", second.warmup());
    field(json, "messages", second.messages());
    field(json, "messages_per_second", number(second.messagesPerSecond()));
    field(json, "megabytes_per_second", number(second.messagesPerSecond() * size / 1e6));
    field(json, "connections", second.connections());
    field(json, "latency_us", latency(second.latency()));
    field(json, "errors", second.errors());
    return close(json);
  }

  private static String latency(LatencySummary latency) {
    StringBuilder json = new StringBuilder("{");
    field(json, "p50", micros(latency.p50()));
    field(json, "p90", micros(latency.p90()));
    field(json, "p99", micros(latency.p99()));
    field(json, "p99_9", micros(latency.p999()));
    field(json, "max", micros(latency.max()));
    field(json, "mean", micros(latency.mean()));
    return close(json);
  }

  private static void field(StringBuilder json, String name, Object value) {
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":").append(value);
  }

  private static String close(StringBuilder json) {
    return json.append('}').toString();
  }

  private static String micros(long nanos) {
    return number(nanos / 1e3);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
