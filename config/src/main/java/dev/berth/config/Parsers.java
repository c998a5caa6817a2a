package dev.berth.config;

import java.util.Locale;

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
