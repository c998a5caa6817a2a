package dev.berth.config;

import java.util.Locale;

/** The I/O transport a server or client asks for. */
public enum Transport {
  /** The best native transport available, else NIO. */
  AUTO,
  EPOLL,
  IO_URING,
  KQUEUE,
  NIO;

  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Transport fromOptionName(String name) {
    for (Transport transport : values()) {
      if (transport.optionName().equals(name)) {
        return transport;
      }
    }
    throw new IllegalArgumentException(
        "not a transport: \"" + name + "\" (expected: auto, epoll, io_uring, kqueue or nio)");
  }
}
