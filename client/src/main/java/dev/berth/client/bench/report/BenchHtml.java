package dev.berth.client.bench.report;

import dev.berth.client.bench.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The bench's HTML report: one self-contained page (inline SVG and CSS, no script, nothing fetched
 * from the network, so it opens offline and can be mailed or archived) with latency by percentile,
 * throughput and p99 second by second, errors by kind, and for each run the command line, the
 * machine and the numbers. Several runs are drawn side by side on the same axes, each in its own
 * colour: {@code berth bench report A.json B.json --html out.html}.
 *
 * <pre>{@code
 * String html = BenchHtml.render(List.of(RunData.fromJson(report.toJson(commandLine), "this run")));
 * }</pre>
 */
public final class BenchHtml {

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:760px;color:#222;}",
      "h1{font-size:22px;margin:0 0 4px;} h2{font-size:17px;margin:28px 0 6px;}",
      "pre.command{background:#f4f4f4;padding:8px;white-space:pre-wrap;word-break:break-all;font-size:13px;}",
      "table{border-collapse:collapse;font-size:13px;width:100%;} td,th{padding:4px 6px;border-bottom:1px solid #ddd;}",
      "th{text-align:left;} td.n{text-align:right;font-variant-numeric:tabular-nums;}",
      ".ok{color:#1a7f37;font-weight:600;} .failed{color:#c62828;font-weight:600;}",
      ".swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle;}",
      "svg.chart{width:100%;height:auto;font-size:11px;} svg .grid{stroke:#e4e4e4;} svg .axis,svg .tick{stroke:#555;}",
      "svg .band{fill:#f0f0f0;} svg text{fill:#333;} .note{color:#666;font-size:12px;} p{font-size:14px;}");

  private BenchHtml() {}

  /** The page for {@code runs} (one or more), in the order given. */
  public static String render(List<RunData> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("runs: [] (expected: at least one run)");
    }
    StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>berth bench: ")
        .append(Html.escape(runs.size() == 1 ? runs.get(0).setup() : runs.size() + " runs side by side"))
        .append("</title>\n<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n<h1>berth bench</h1>\n");
    page.append("<p class=\"note\">").append(runs.size() == 1 ? "One run." : runs.size() + " runs on the same axes.")
        .append(" Latency is from each message's send (in an open loop, from its intended send time) to its reply.</p>\n");
    summary(page, runs);
    for (int i = 0; i < runs.size(); i++) {
      details(page, runs.get(i), i);
    }
    page.append("<h2>Latency by percentile</h2>\n").append(Charts.percentiles(runs)).append('\n');
    page.append("<h2>Throughput, second by second</h2>\n").append(Charts.throughput(runs)).append('\n');
    page.append("<h2>p99 latency, second by second</h2>\n").append(Charts.p99(runs)).append('\n');
    page.append("<h2>Errors by kind</h2>\n").append(Charts.errors(runs)).append('\n');
    page.append("<p class=\"note\">Made by berth bench. Self-contained: no script, nothing loaded from the network."
        + " The shaded seconds are the warmup, not counted in the numbers above.</p>\n</body>\n</html>\n");
    return page.toString();
  }

  private static void summary(StringBuilder page, List<RunData> runs) {
    page.append("<table>\n<tr><th>run</th><th>messages</th><th>msg/s</th><th>p50</th><th>p99</th><th>p99.9</th>"
        + "<th>max</th><th>errors</th><th>result</th></tr>\n");
    for (int i = 0; i < runs.size(); i++) {
      RunData run = runs.get(i);
      long errors = run.errors().values().stream().mapToLong(Long::longValue).sum();
      page.append("<tr><td>").append(swatch(i)).append(Html.escape(run.label())).append("</td>")
          .append(cell(Formats.count(run.messages()))).append(cell(Formats.rate(run.messagesPerSecond())))
          .append(cell(latency(run, "p50"))).append(cell(latency(run, "p99"))).append(cell(latency(run, "p99_9")))
          .append(cell(latency(run, "max"))).append(cell(Formats.count(errors)))
          .append("<td class=\"").append(run.failed() ? "failed" : "ok").append("\">")
          .append(run.failed() ? "FAILED" : "ok").append("</td></tr>\n");
    }
    page.append("</table>\n");
  }

  private static void details(StringBuilder page, RunData run, int index) {
    page.append("<h2>").append(swatch(index)).append(Html.escape(run.label())).append("</h2>\n");
    if (run.commandLine() != null) {
      page.append("<pre class=\"command\">").append(Html.escape(run.commandLine())).append("</pre>\n");
    }
    page.append("<p>").append(Html.escape(run.setup())).append("<br/>").append(Html.escape(run.machine()))
        .append("<br/>").append(String.format(Locale.ROOT, "%s messages in %.1f s, %s resent",
            Formats.count(run.messages()), run.measuredSeconds(), Formats.count(run.resent())))
        .append("</p>\n<p class=\"").append(run.failed() ? "failed" : "ok").append("\">")
        .append(Html.escape(run.verdict())).append("</p>\n");
  }

  private static String latency(RunData run, String key) {
    return run.messages() == 0 ? "no replies" : Formats.latency(Math.round(run.latency().get(key) * 1000));
  }

  private static String cell(String text) {
    return "<td class=\"n\">" + Html.escape(text) + "</td>";
  }

  private static String swatch(int index) {
    return "<span class=\"swatch\" style=\"background:" + SvgChart.COLOURS[index % SvgChart.COLOURS.length] + "\"></span>";
  }

  /** The four charts, from the runs' data. */
  private static final class Charts {

    static String percentiles(List<RunData> runs) {
      double top = 0;
      double rightmost = 2;
      List<SvgChart.Line> lines = new ArrayList<>();
      for (RunData run : runs) {
        List<double[]> points = new ArrayList<>();
        for (double[] point : run.percentiles()) {
          if (point[0] < 100) {
            double position = Axis.percentilePosition(point[0]);
            points.add(new double[] {position, point[1]});
            rightmost = Math.max(rightmost, position);
            top = Math.max(top, point[1]);
          }
        }
        lines.add(new SvgChart.Line(run.label(), points));
      }
      return SvgChart.lines("latency-by-percentile", "Latency by percentile", Axis.percentiles((int) Math.ceil(rightmost)),
          Axis.fromZero(top, BenchHtml::micros), "percentile", "latency", lines, null, BenchHtml::micros);
    }

    static String throughput(List<RunData> runs) {
      return overTime(runs, "throughput", "Throughput, second by second", "messages/s", true);
    }

    static String p99(List<RunData> runs) {
      return overTime(runs, "p99-over-time", "p99 latency, second by second", "p99 latency", false);
    }

    private static String overTime(List<RunData> runs, String id, String title, String yLabel, boolean throughput) {
      double top = 0;
      int last = 1;
      int warmup = 0;
      List<SvgChart.Line> lines = new ArrayList<>();
      for (RunData run : runs) {
        List<double[]> points = new ArrayList<>();
        for (RunData.SecondPoint second : run.seconds()) {
          if (!throughput && second.messages() == 0) {
            continue;
          }
          double value = throughput ? second.messagesPerSecond() : second.p99();
          points.add(new double[] {second.index(), value});
          top = Math.max(top, value);
          last = Math.max(last, second.index());
          if (second.warmup()) {
            warmup = Math.max(warmup, second.index());
          }
        }
        lines.add(new SvgChart.Line(run.label(), points));
      }
      Axis x = Axis.fromZero(last, value -> String.format(Locale.ROOT, "%.0fs", value));
      Axis y = throughput ? Axis.fromZero(top, Formats::rate) : Axis.fromZero(top, BenchHtml::micros);
      return SvgChart.lines(id, title, x, y, "seconds since the start", yLabel, lines,
          warmup > 0 ? new SvgChart.Band(0, warmup, "warmup") : null,
          throughput ? value -> Formats.rate(value) + " msg/s" : BenchHtml::micros);
    }

    static String errors(List<RunData> runs) {
      List<long[]> series = new ArrayList<>();
      for (RunData run : runs) {
        long[] counts = new long[RunData.ERROR_KINDS.size()];
        for (int i = 0; i < counts.length; i++) {
          counts[i] = run.errors().get(RunData.ERROR_KINDS.get(i));
        }
        series.add(counts);
      }
      return SvgChart.bars("errors", "Errors by kind", RunData.ERROR_KINDS, series,
          runs.stream().map(RunData::label).collect(Collectors.toList()), "count");
    }
  }

  private static String micros(double micros) {
    return micros == 0 ? "0" : Formats.latency(Math.round(micros * 1000));
  }
}
