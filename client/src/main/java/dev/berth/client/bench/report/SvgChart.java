package dev.berth.client.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * One chart as inline SVG, drawn with nothing but its own elements (no script, no font from
 * anywhere): axes with labelled ticks, then lines or bars, each series in its own colour. Every
 * value drawn also appears as a {@code <title>} on its mark, so a pointer shows it.
 */
final class SvgChart {

  static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  private static final int WIDTH = 680;
  private static final int HEIGHT = 300;
  private static final int LEFT = 72;
  private static final int RIGHT = 36;
  private static final int TOP = 16;
  private static final int BOTTOM = 48;

  /** A line: points in axis values, {x, y}. */
  record Line(String label, List<double[]> points) {}

  /** A band behind the lines, from {@code from} to {@code to} on the x axis (the warmup). */
  record Band(double from, double to, String label) {}

  private final StringBuilder svg = new StringBuilder();
  private final Axis x;
  private final Axis y;

  private SvgChart(String id, String title, Axis x, Axis y, String xLabel, String yLabel) {
    this.x = x;
    this.y = y;
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
        .append("\">");
    svg.append("<title>").append(Html.escape(title)).append("</title>");
    for (Axis.Tick tick : y.ticks()) {
      double py = py(tick.value());
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, py, WIDTH - RIGHT, py));
      text(LEFT - 6, py + 4, "end", tick.label());
    }
    for (Axis.Tick tick : x.ticks()) {
      double px = px(tick.value());
      svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
          px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5));
      text(px, HEIGHT - BOTTOM + 18, "middle", tick.label());
    }
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, TOP, LEFT, HEIGHT - BOTTOM));
    text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "middle", xLabel);
    svg.append(String.format(Locale.ROOT,
        "<text class=\"label\" transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
        (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
  }

  /** A line chart; {@code band} may be {@code null}. */
  static String lines(String id, String title, Axis x, Axis y, String xLabel, String yLabel, List<Line> lines,
      Band band, DoubleFunction<String> yValue) {
    SvgChart chart = new SvgChart(id, title, x, y, xLabel, yLabel);
    if (band != null && band.to() > band.from()) {
      double from = chart.px(band.from());
      double to = chart.px(band.to());
      chart.svg.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
          from, TOP, to - from, HEIGHT - BOTTOM - TOP));
      chart.text((from + to) / 2, TOP + 14, "middle", band.label());
    }
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (double[] point : line.points()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", chart.px(point[0]), chart.py(point[1])));
      }
      chart.svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(colour)
          .append("\" stroke-width=\"2\" points=\"").append(points.toString().strip()).append("\"><title>")
          .append(Html.escape(line.label())).append("</title></polyline>");
      for (double[] point : line.points()) {
        chart.svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s</title></circle>",
            chart.px(point[0]), chart.py(point[1]), colour, Html.escape(yValue.apply(point[1]))));
      }
    }
    chart.legend(lines.stream().map(Line::label).collect(Collectors.toList()));
    return chart.close();
  }

  /** Bars grouped by category, one bar per series in each group, each labelled with its value. */
  static String bars(String id, String title, List<String> categories, List<long[]> series, List<String> labels,
      String yLabel) {
    long top = 0;
    for (long[] values : series) {
      for (long value : values) {
        top = Math.max(top, value);
      }
    }
    Axis y = Axis.fromZero(top, value -> String.format(Locale.ROOT, "%,d", (long) value));
    List<Axis.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      ticks.add(new Axis.Tick(i + 0.5, categories.get(i)));
    }
    SvgChart chart = new SvgChart(id, title, new Axis(0, categories.size(), ticks), y, "error kind", yLabel);
    double group = (WIDTH - LEFT - RIGHT) / (double) categories.size();
    double width = group * 0.7 / Math.max(1, series.size());
    for (int c = 0; c < categories.size(); c++) {
      for (int s = 0; s < series.size(); s++) {
        long value = series.get(s)[c];
        double left = LEFT + c * group + group * 0.15 + s * width;
        double py = chart.py(value);
        chart.svg.append(String.format(Locale.ROOT,
            "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %,d</title></rect>",
            left, py, width - 2, HEIGHT - BOTTOM - py, COLOURS[s % COLOURS.length],
            Html.escape(categories.get(c)), value));
        chart.text(left + (width - 2) / 2, py - 4, "middle", String.format(Locale.ROOT, "%,d", value));
      }
    }
    if (top == 0) {
      chart.text((LEFT + WIDTH - RIGHT) / 2.0, TOP + 40, "middle", "no errors of any kind");
    }
    chart.legend(labels);
    return chart.close();
  }

  /** With more than one series, their colours and names in the top right corner. */
  private void legend(List<String> labels) {
    if (labels.size() < 2) {
      return;
    }
    for (int i = 0; i < labels.size(); i++) {
      double py = TOP + 4 + i * 16;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>",
          WIDTH - RIGHT - 150, py, COLOURS[i % COLOURS.length]));
      text(WIDTH - RIGHT - 135, py + 9, "start", labels.get(i));
    }
  }

  private double px(double value) {
    return LEFT + x.fraction(value) * (WIDTH - LEFT - RIGHT);
  }

  private double py(double value) {
    return HEIGHT - BOTTOM - y.fraction(value) * (HEIGHT - BOTTOM - TOP);
  }

  private void text(double px, double py, String anchor, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        px, py, anchor, Html.escape(text)));
  }

  private String close() {
    return svg.append("</svg>").toString();
  }
}
