package dev.berth.config;

import java.util.Locale;

/**
 * How many lost datagrams a UDP bench run tolerates: a count ({@code 5}), or a fraction of the
 * datagrams sent ({@code 0.001} or {@code 0.1%}).
 *
 * @param value the count, or the fraction (0 to 1)
 * @param fraction whether {@code value} is a fraction of the datagrams sent
 */
public record MaxLoss(double value, boolean fraction) {

  /** None: every lost datagram fails the run. */
  public static final MaxLoss NONE = new MaxLoss(0, false);

  /** Every value is checked here; an error names the key. */
  public MaxLoss {
    if (fraction && !(value >= 0 && value <= 1)) {
      throw ConfigException.invalid("max-loss", ConfigException.literal(format(value, true) + " (expected: 0..100%)"));
    }
    if (!fraction && !(value >= 0 && value == Math.rint(value))) {
      throw ConfigException.invalid("max-loss", value + " (expected: a whole number of datagrams >= 0)");
    }
  }

  /**
   * Parses {@code 5} (datagrams), {@code 0.001} (a fraction) or {@code 0.1%}; the range is the
   * record's to check.
   */
  public static MaxLoss parse(String text) {
    String trimmed = text.strip();
    boolean percent = trimmed.endsWith("%");
    String number = percent ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    if (!number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
      throw new IllegalArgumentException("not a count or a fraction: \"" + text
          + "\" (expected: e.g. 5 datagrams, 0.001 or 0.1%)");
    }
    double value = Double.parseDouble(number);
    if (percent) {
      return new MaxLoss(value / 100, true);
    }
    return new MaxLoss(value, number.contains("."));
  }

  /** Whether {@code lost} of {@code sent} datagrams is past this limit. */
  public boolean exceededBy(long lost, long sent) {
    return fraction ? lost > value * sent : lost > value;
  }

  /** {@code 5 datagrams}, {@code 0.1%}. */
  @Override
  public String toString() {
    return format(value, fraction);
  }

  private static String format(double value, boolean fraction) {
    if (!fraction) {
      long count = (long) value;
      return count + (count == 1 ? " datagram" : " datagrams");
    }
    return String.format(Locale.ROOT, "%.6f", value * 100).replaceAll("\\.?0+$", "") + "%";
  }
}
