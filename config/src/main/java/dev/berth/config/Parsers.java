package dev.berth.config;

import java.util.Locale;
import java.util.function.Function;

/** Parsers for the value kinds that options share. */
public final class Parsers {

  private Parsers() {}

  /** A whole number; its range is the configuration record's to check. */
  public static int integer(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: \"" + text + "\"");
    }
  }

  /** A whole number between {@code min} and {@code max}. */
  public static Function<String, Integer> intBetween(int min, int max) {
    return text -> {
      int value;
      try {
        value = Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: \"" + text + "\"");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(value + " (expected: " + min + ".." + max + ")");
      }
      return value;
    };
  }

  /** A size (see {@link Sizes}) between {@code min} and {@code max} bytes. */
  public static Function<String, Long> sizeBetween(long min, long max) {
    return text -> {
      long value = Sizes.parse(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            text.strip() + " (expected: " + Sizes.format(min) + ".." + Sizes.format(max) + ")");
      }
      return value;
    };
  }

  /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}). */
  public static boolean bool(String text) {
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "on": case "1": return true;
      case "false": case "no": case "off": case "0": return false;
      default: throw new IllegalArgumentException("not a boolean: \"" + text + "\" (expected: true or false)");
    }
  }

  /** Any non-blank text. */
  public static String text(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return text;
  }
}
