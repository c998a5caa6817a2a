package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** How much the process logs. */
public enum LogLevel {
  ERROR,
  WARN,
  INFO,
  DEBUG;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static LogLevel fromOptionName(String name) {
    return OptionNames.parse(LogLevel.class, name, "log level");
  }
}
