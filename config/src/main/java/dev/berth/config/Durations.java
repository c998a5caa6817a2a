package dev.berth.config;

import java.time.Duration;
import java.util.Locale;

/** Parses durations such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} and {@code 0}. */
public final class Durations {

  /** Every form {@link #parse} accepts, in words, for help texts. */
  public static final String SYNTAX = "a number with ms, s, m or h (250ms, 30s, 5m, 1h), or 0";

  private Durations() {}

  /** Returns the duration; throws {@link IllegalArgumentException} saying what is wrong. */
  public static Duration parse(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("0")) {
      return Duration.ZERO;
    }
    int unitStart = 0;
    while (unitStart < lower.length() && Character.isDigit(lower.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart == lower.length()) {
      throw notADuration(text);
    }
    String unit = lower.substring(unitStart);
    if (!unit.equals("ms") && !unit.equals("s") && !unit.equals("m") && !unit.equals("h")) {
      throw notADuration(text);
    }
    try {
      long number = Long.parseLong(lower.substring(0, unitStart));
      Duration duration;
      switch (unit) {
        case "ms": duration = Duration.ofMillis(number); break;
        case "s": duration = Duration.ofSeconds(number); break;
        case "m": duration = Duration.ofMinutes(number); break;
        default: duration = Duration.ofHours(number); break;
      }
      // Timers and deadlines count in nanoseconds; past that (about 292 years) a duration only
      // overflows them, so it is refused here rather than failing where it is used.
      duration.toNanos();
      return duration;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration too large: \"" + text + "\"");
    }
  }

  /** Formats a duration the way it would be written in configuration, e.g. {@code 5m}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0";
    } else if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "not a duration: \"" + text + "\" (expected: a number with ms, s, m or h, e.g. 30s, or 0)");
  }
}
