package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** The I/O transport a server or client asks for. */
public enum Transport {
  /** The best native transport available, else NIO. */
  AUTO,
  EPOLL,
  IO_URING,
  KQUEUE,
  NIO;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static Transport fromOptionName(String name) {
    return OptionNames.parse(Transport.class, name, "transport");
  }
}
