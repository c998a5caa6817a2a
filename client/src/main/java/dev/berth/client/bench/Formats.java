package dev.berth.client.bench;

import java.util.Locale;

/** How the bench writes numbers for people, in its table and its HTML report: latencies with a unit, counts with separators. */
public final class Formats {

  private Formats() {}

  /** A latency in the unit that keeps three significant digits, e.g. {@code 48µs}, {@code 1.20ms}. */
  public static String latency(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    } else if (nanos < 1_000_000) {
      return threeDigits(nanos / 1e3) + "µs";
    } else if (nanos < 1_000_000_000) {
      return threeDigits(nanos / 1e6) + "ms";
    }
    return threeDigits(nanos / 1e9) + "s";
  }

  /** A count with thousands separators, e.g. {@code 1,234,567}. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A rate rounded to a whole number with separators, e.g. {@code 512,345}. */
  public static String rate(double perSecond) {
    return count(Math.round(perSecond));
  }

  /** Megabytes (10^6 bytes) with one decimal, e.g. {@code 32.8}. */
  static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  private static String threeDigits(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    } else if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
