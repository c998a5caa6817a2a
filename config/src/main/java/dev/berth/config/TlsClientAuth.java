package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** Whether TLS clients must present a certificate. */
public enum TlsClientAuth {
  /** Not asked for. */
  NONE,
  /** Asked for, and checked when given; a client without one is served too. */
  OPTIONAL,
  /** Required: a client without a certificate that chains to the CA bundle is refused. */
  REQUIRE;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static TlsClientAuth fromOptionName(String name) {
    return OptionNames.parse(TlsClientAuth.class, name, "client authentication");
  }
}
