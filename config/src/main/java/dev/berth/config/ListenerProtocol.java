package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** What a listener serves: TCP connections, or UDP datagrams (each a message). */
public enum ListenerProtocol {
  TCP,
  UDP;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static ListenerProtocol fromOptionName(String name) {
    return OptionNames.parse(ListenerProtocol.class, name, "protocol");
  }
}
