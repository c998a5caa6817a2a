package dev.berth.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The PROXY protocol header a client sends before anything else on each connection; a
 * configuration without one has {@code null} in its place.
 *
 * @param version {@link ProxyProtocol#V1} (text) or {@link ProxyProtocol#V2} (binary)
 * @param source the source address the header claims, or {@code null} for the connection's own
 */
public record ProxyHeaderConfig(ProxyProtocol version, IpPort source) {

  /** Every value is checked here; an error names the key (and {@link #from} where it was set). */
  public ProxyHeaderConfig {
    Objects.requireNonNull(version, "version");
    if (version != ProxyProtocol.V1 && version != ProxyProtocol.V2) {
      throw ConfigException.invalid("proxy-protocol", version.optionName()
          + " (expected: v1 or v2; a client sends one version)");
    }
    if (source != null) {
      Check.between("proxy-source", source.port(), 0, 65535);
    }
  }

  /**
   * The header in {@code settings}, or {@code null} when {@code --proxy-protocol} is off; a source
   * without a header to put it in is an error.
   */
  static ProxyHeaderConfig from(Settings settings) {
    ProxyProtocol version = settings.get(TargetOptions.PROXY_PROTOCOL);
    IpPort source = settings.get(TargetOptions.PROXY_SOURCE);
    if (version == ProxyProtocol.OFF) {
      if (source != null) {
        throw ConfigException.invalid("proxy-source", source
            + " without a PROXY header to carry it (add --proxy-protocol v1 or v2)");
      }
      return null;
    }
    return new ProxyHeaderConfig(version, source);
  }

  /** The claimed source address, or {@code null} for the connection's own. */
  public InetAddress sourceAddress() {
    return source == null ? null : source.address();
  }
}
