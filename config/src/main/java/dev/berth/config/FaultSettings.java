package dev.berth.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Faults a listener injects on purpose, for testing clients and load balancers; all off by
 * default. The same keys are top-level options, listener keys, and what {@code berth ctl faults
 * set} changes at run time.
 *
 * @param delayMin each reply waits at least this long; {@link Duration#ZERO} for no delay
 * @param delayMax and at most this long, uniformly between the two (equal for a fixed delay)
 * @param dropRate the probability that a message is left unanswered
 * @param closeAfter after this many replies the connection is half-closed; 0 for never
 * @param resetAfter after this many replies the connection is reset; 0 for never
 * @param resetRate the probability that a new connection is reset at its first message
 * @param stallAfter after this many messages the server stops reading from the connection; 0 for never
 * @param throttle the most reply bytes a second to each connection; 0 for no limit
 * @param seed the seed of the random choices, so that a run can be replayed; {@code null} for a fresh one
 */
public record FaultSettings(
    Duration delayMin,
    Duration delayMax,
    double dropRate,
    long closeAfter,
    long resetAfter,
    double resetRate,
    long stallAfter,
    long throttle,
    Long seed) {

  /** No fault at all. */
  public static final FaultSettings NONE =
      new FaultSettings(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, 0, 0, null);

  /** The keys, as options, listener keys and {@code berth ctl faults set} take them. */
  public static final List<String> KEYS = List.of(
      "delay", "drop-rate", "close-after", "reset-after", "reset-rate", "stall-after", "throttle", "fault-seed");

  public FaultSettings {
    Objects.requireNonNull(delayMin, "delayMin");
    Objects.requireNonNull(delayMax, "delayMax");
    Check.notNegative("delay", delayMin);
    if (delayMax.compareTo(delayMin) < 0) {
      throw ConfigException.invalid("delay", Durations.format(delayMin) + ".." + Durations.format(delayMax)
          + " (expected: the shorter first, e.g. 20ms..80ms)");
    }
    probability("drop-rate", dropRate);
    probability("reset-rate", resetRate);
    Check.between("close-after", closeAfter, 0, Long.MAX_VALUE);
    Check.between("reset-after", resetAfter, 0, Long.MAX_VALUE);
    Check.between("stall-after", stallAfter, 0, Long.MAX_VALUE);
    Check.between("throttle", throttle, 0, Long.MAX_VALUE);
  }

  private static void probability(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw ConfigException.invalid(key, value + " (expected: a probability from 0 to 1)");
    }
  }

  /** Whether any fault is on. */
  public boolean any() {
    return !delayMax.isZero() || dropRate > 0 || closeAfter > 0 || resetAfter > 0 || resetRate > 0
        || stallAfter > 0 || throttle > 0;
  }

  /**
   * Whether a fault is on that acts on each message or reply by itself: then an echo may not pass
   * several messages on as one piece.
   */
  public boolean perMessage() {
    return dropRate > 0 || closeAfter > 0 || resetAfter > 0 || stallAfter > 0 || !delayMax.isZero();
  }

  /** These settings with {@code values} (fault keys to values as written) set over them. */
  public FaultSettings with(Map<String, String> values) {
    Duration[] delay = {delayMin, delayMax};
    String written = values.get("delay");
    if (written != null) {
      delay = parseDelay(written);
    }
    return new FaultSettings(delay[0], delay[1],
        value(values, "drop-rate", FaultSettings::parseProbability, dropRate),
        value(values, "close-after", FaultSettings::parseCount, closeAfter),
        value(values, "reset-after", FaultSettings::parseCount, resetAfter),
        value(values, "reset-rate", FaultSettings::parseProbability, resetRate),
        value(values, "stall-after", FaultSettings::parseCount, stallAfter),
        value(values, "throttle", Sizes::parse, throttle),
        values.containsKey("fault-seed") ? parseSeed(values.get("fault-seed")) : seed);
  }

  private static <T> T value(Map<String, String> values, String key, Function<String, T> parser, T otherwise) {
    String text = values.get(key);
    if (text == null) {
      return otherwise;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(key, e.getMessage());
    }
  }

  /** {@code 20ms}, or {@code 20ms..80ms} for a uniform range; {@code 0} for none. */
  static Duration[] parseDelay(String text) {
    try {
      int range = text.indexOf("..");
      if (range < 0) {
        Duration fixed = Durations.parse(text);
        return new Duration[] {fixed, fixed};
      }
      return new Duration[] {Durations.parse(text.substring(0, range)), Durations.parse(text.substring(range + 2))};
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid("delay", e.getMessage() + " (expected: a duration, or a range as 20ms..80ms)");
    }
  }

  static double parseProbability(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a probability: \"" + text + "\" (expected: 0 to 1, e.g. 0.01)");
    }
  }

  static long parseCount(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: \"" + text + "\"");
    }
  }

  static Long parseSeed(String text) {
    return text == null || text.strip().equals("random") ? null : parseCount(text);
  }

  /** The settings as keys and values, as they would be written: only those on, and the seed where set. */
  public Map<String, String> describe() {
    Map<String, String> on = new LinkedHashMap<>();
    if (!delayMax.isZero()) {
      on.put("delay", delayMin.equals(delayMax) ? Durations.format(delayMin)
          : Durations.format(delayMin) + ".." + Durations.format(delayMax));
    }
    if (dropRate > 0) {
      on.put("drop-rate", Double.toString(dropRate));
    }
    if (closeAfter > 0) {
      on.put("close-after", Long.toString(closeAfter));
    }
    if (resetAfter > 0) {
      on.put("reset-after", Long.toString(resetAfter));
    }
    if (resetRate > 0) {
      on.put("reset-rate", Double.toString(resetRate));
    }
    if (stallAfter > 0) {
      on.put("stall-after", Long.toString(stallAfter));
    }
    if (throttle > 0) {
      on.put("throttle", Sizes.format(throttle));
    }
    if (seed != null) {
      on.put("fault-seed", Long.toString(seed));
    }
    return on;
  }
}
