package dev.berth.config;

import java.time.Duration;

/** The range checks that configuration records share; each failure is a {@link ConfigException#invalid}. */
final class Check {

  private Check() {}

  static void between(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw ConfigException.invalid(key, value + " (expected: " + min + ".." + max + ")");
    }
  }

  static void sizeBetween(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw ConfigException.invalid(key, Sizes.format(value) + " (expected: " + Sizes.format(min) + ".."
          + Sizes.format(max) + ")");
    }
  }

  static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw ConfigException.invalid(key, Durations.format(value) + " (expected: > 0)");
    }
  }

  static void notNegative(String key, Duration value) {
    if (value.isNegative()) {
      throw ConfigException.invalid(key, Durations.format(value) + " (expected: >= 0)");
    }
  }
}
