package dev.berth.config;

import java.util.Locale;

/** How much the process logs. */
public enum LogLevel {
  ERROR,
  WARN,
  INFO,
  DEBUG;

  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LogLevel fromOptionName(String name) {
    for (LogLevel level : values()) {
      if (level.optionName().equals(name)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "not a log level: \"" + name + "\" (expected: error, warn, info or debug)");
  }
}
