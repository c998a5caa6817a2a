package dev.berth.client.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTML report shows of one bench run, read from the run's {@code --json} summary, so a
 * live run and {@code berth bench report} draw from the same data. Latencies in microseconds.
 *
 * @param label the run's name in legends: its file name, or {@code this run}
 * @param commandLine as typed, or {@code null} when the summary does not say
 * @param setup the load in one line, e.g. {@code 127.0.0.1:12345, line framing, 64 B, 50 connections ...}
 * @param machine cores, JDK, OS and transport in one line
 * @param errors count by kind (refused, reset, timeout, mismatch, lost)
 * @param percentiles points of the latency-by-percentile curve: {percentile, µs}
 * @param seconds the run second by second
 */
public record RunData(String label, String commandLine, String setup, String machine, long messages,
    double measuredSeconds, double messagesPerSecond, Map<String, Double> latency, Map<String, Long> errors,
    long resent, boolean failed, String verdict, List<double[]> percentiles, List<SecondPoint> seconds) {

  /** One second of the run. */
  public record SecondPoint(int index, boolean warmup, double messagesPerSecond, double p99, long messages) {}

  static final List<String> ERROR_KINDS = List.of("refused", "reset", "timeout", "mismatch", "lost");

  /**
   * Reads a bench summary ({@code berth bench --json}).
   *
   * @throws IllegalArgumentException when {@code json} is not such a summary, saying what is missing
   */
  public static RunData fromJson(String json, String label) {
    Object parsed = JsonReader.parse(json);
    if (!(parsed instanceof Map) || !((Map<?, ?>) parsed).containsKey("messages")) {
      throw new IllegalArgumentException("not a berth bench summary (no \"messages\" field)");
    }
    Fields run = new Fields((Map<?, ?>) parsed);
    Map<String, Double> latency = new LinkedHashMap<>();
    Fields latencies = run.object("latency_us");
    for (String key : List.of("p50", "p90", "p99", "p99_9", "max", "mean")) {
      latency.put(key, latencies.number(key));
    }
    Map<String, Long> errors = new LinkedHashMap<>();
    Fields errorCounts = run.object("errors");
    ERROR_KINDS.forEach(kind -> errors.put(kind, (long) errorCounts.number(kind)));
    List<double[]> percentiles = new ArrayList<>();
    for (Object point : run.list("percentiles_us")) {
      List<?> pair = (List<?>) point;
      percentiles.add(new double[] {((Number) pair.get(0)).doubleValue(), ((Number) pair.get(1)).doubleValue()});
    }
    List<SecondPoint> seconds = new ArrayList<>();
    for (Object item : run.list("seconds")) {
      Fields second = new Fields((Map<?, ?>) item);
      seconds.add(new SecondPoint((int) second.number("second"), second.bool("warmup"),
          second.number("messages_per_second"), second.object("latency_us").number("p99"),
          (long) second.number("messages")));
    }
    boolean failed = run.bool("failed");
    String verdict = run.text("verdict");
    return new RunData(label, run.text("command_line"), setup(run), machine(run), (long) run.number("messages"),
        run.number("measured_seconds"), run.number("messages_per_second"), latency, errors,
        (long) run.number("resent"), failed, verdict != null ? verdict : failed ? "FAILED" : "ok", percentiles, seconds);
  }

  private static String setup(Fields run) {
    boolean churn = run.bool("churn");
    double rate = run.number("rate");
    return String.format(Locale.ROOT, "%s:%d, %s framing, %d B messages, %d %s, %s%s",
        run.text("host"), (long) run.number("port"), run.text("framing"), (long) run.number("size"),
        (long) run.number("connections"), churn ? "concurrent churn connections" : "connections, pipeline "
            + (long) run.number("pipeline"),
        rate > 0 ? String.format(Locale.ROOT, "open loop at %,d msg/s", (long) rate) : "closed loop",
        run.bool("resend") || !run.has("resend") ? "" : ", no resend");
  }

  private static String machine(Fields run) {
    Fields machine = run.object("machine");
    String transport = run.text("transport");
    if (!run.has("machine")) {
      return "transport " + transport;
    }
    return String.format(Locale.ROOT, "%d cores, %s, %s, transport %s", (long) machine.number("cores"),
        machine.text("jdk"), machine.text("os"), transport);
  }

  /** Typed access to a parsed object; a missing field reads as 0, false, "" or empty. */
  private static final class Fields {
    private final Map<?, ?> map;

    Fields(Map<?, ?> map) {
      this.map = map;
    }

    boolean has(String key) {
      return map.get(key) != null;
    }

    double number(String key) {
      Object value = map.get(key);
      return value instanceof Number ? ((Number) value).doubleValue() : 0;
    }

    boolean bool(String key) {
      return Boolean.TRUE.equals(map.get(key));
    }

    String text(String key) {
      Object value = map.get(key);
      return value instanceof String ? (String) value : null;
    }

    Fields object(String key) {
      Object value = map.get(key);
      return new Fields(value instanceof Map ? (Map<?, ?>) value : Map.of());
    }

    List<?> list(String key) {
      Object value = map.get(key);
      return value instanceof List ? (List<?>) value : List.of();
    }
  }
}
