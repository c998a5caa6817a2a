package dev.berth.config;

import java.util.Locale;

/** How log lines are written. */
public enum LogFormat {
  /** One line of text per event, for people. */
  TEXT,
  /** One JSON object per line, for log collectors. */
  JSON;

  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LogFormat fromOptionName(String name) {
    for (LogFormat format : values()) {
      if (format.optionName().equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("not a log format: \"" + name + "\" (expected: text or json)");
  }
}
