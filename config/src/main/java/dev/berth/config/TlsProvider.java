package dev.berth.config;

import dev.berth.protocol.OptionNames;

/** The TLS implementation. */
public enum TlsProvider {
  /** OpenSSL (BoringSSL through netty-tcnative) where it loads, else the JDK's. */
  AUTO,
  /** OpenSSL only: a start where it does not load fails. */
  OPENSSL,
  /** The JDK's TLS. */
  JDK;

  public String optionName() {
    return OptionNames.of(this);
  }

  public static TlsProvider fromOptionName(String name) {
    return OptionNames.parse(TlsProvider.class, name, "TLS provider");
  }
}
