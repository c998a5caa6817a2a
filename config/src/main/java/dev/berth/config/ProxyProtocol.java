package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** Whether a listener's connections begin with a PROXY protocol header, and which version. */
public enum ProxyProtocol {
  /** No header: the connection's own addresses are the client's. */
  OFF,
  /** The text header ({@code PROXY TCP4 ...\r\n}). */
  V1,
  /** The binary header. */
  V2,
  /** Either version. */
  ANY;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static ProxyProtocol fromOptionName(String name) {
    return OptionNames.parse(ProxyProtocol.class, name, "PROXY protocol setting");
  }
}
