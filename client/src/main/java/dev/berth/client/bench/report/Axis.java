package dev.berth.client.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * One axis of a chart: the range it shows and its labelled ticks.
 *
 * @param min the value at the axis's start
 * @param max the value at its end
 * @param ticks where the labels go
 */
record Axis(double min, double max, List<Tick> ticks) {

  /** A labelled value on an axis. */
  record Tick(double value, String label) {}

  /** From 0 to a round number at or above {@code top}, with about five ticks labelled by {@code label}. */
  static Axis fromZero(double top, DoubleFunction<String> label) {
    double step = niceStep(top > 0 ? top / 5 : 1);
    double max = Math.max(step, Math.ceil(top / step) * step);
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i * step <= max + step / 1e6; i++) {
      ticks.add(new Tick(i * step, label.apply(i * step)));
    }
    return new Axis(0, max, ticks);
  }

  /**
   * Percentiles spread as HdrHistogram's plotter spreads them: position {@code log10(1 / (1 -
   * p))}, so 90%, 99%, 99.9% ... are equally far apart; up to {@code nines} nines.
   */
  static Axis percentiles(int nines) {
    List<Tick> ticks = new ArrayList<>();
    ticks.add(new Tick(0, "0%"));
    for (int i = 1; i <= nines; i++) {
      ticks.add(new Tick(i, (i == 1 ? "90" : "99" + (i > 2 ? "." + "9".repeat(i - 2) : "")) + "%"));
    }
    return new Axis(0, nines, ticks);
  }

  /** Where percentile {@code p} (0 to 100, below 100) goes on a {@link #percentiles} axis. */
  static double percentilePosition(double p) {
    return Math.log10(100 / (100 - p));
  }

  /** {@code value}'s place from 0 (the start) to 1 (the end). */
  double fraction(double value) {
    return max > min ? (value - min) / (max - min) : 0;
  }

  /** 1, 2 or 5 times a power of ten, at or above {@code raw}. */
  private static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= raw) {
        return factor * power;
      }
    }
    return 10 * power;
  }
}
