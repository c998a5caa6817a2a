package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** How log lines are written. */
public enum LogFormat {
  /** One line of text per event, for people. */
  TEXT,
  /** One JSON object per line, for log collectors. */
  JSON;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static LogFormat fromOptionName(String name) {
    return OptionNames.parse(LogFormat.class, name, "log format");
  }
}
