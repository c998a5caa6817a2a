package dev.berth.config;

import java.util.Locale;

/**
 * Parses byte sizes such as {@code 512}, {@code 64KiB}, {@code 16MiB} and {@code 1GiB}; the
 * forms it takes are exactly those {@link #SYNTAX} describes.
 */
public final class Sizes {

  /** Every form {@link #parse} accepts, in words, for help texts. */
  public static final String SYNTAX = "a number of bytes (512 or 512B), or one with KiB, MiB, GiB or TiB (64KiB, "
      + "16MiB), also written k, M, G, T (64k, 16M), in any case and without a space; all are powers of 1024, so "
      + "1M is 1MiB, 1048576 bytes (MB and kB are not sizes)";

  private Sizes() {}

  /** Returns the number of bytes; throws {@link IllegalArgumentException} saying what is wrong. */
  public static long parse(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < lower.length() && Character.isDigit(lower.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw notASize(text);
    }
    int shift;
    switch (lower.substring(unitStart)) {
      case "": case "b": shift = 0; break;
      case "kib": case "k": shift = 10; break;
      case "mib": case "m": shift = 20; break;
      case "gib": case "g": shift = 30; break;
      case "tib": case "t": shift = 40; break;
      default: throw notASize(text);
    }
    long number;
    try {
      number = Long.parseLong(lower.substring(0, unitStart));
    } catch (NumberFormatException e) {
      // Only digits reach here, so the number is merely too long for a long.
      throw tooLarge(text);
    }
    if (number > (Long.MAX_VALUE >> shift)) {
      throw tooLarge(text);
    }
    return number << shift;
  }

  /** Formats a byte count the way it would be written in configuration, e.g. {@code 16MiB}. */
  public static String format(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static IllegalArgumentException tooLarge(String text) {
    return new IllegalArgumentException("size too large: \"" + text + "\"");
  }

  private static IllegalArgumentException notASize(String text) {
    return new IllegalArgumentException(
        "not a size: \"" + text + "\" (expected: bytes, or a number with KiB, MiB or GiB, e.g. 64KiB)");
  }
}
