package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.util.Objects;

/**
 * One listener: a port served with its own framing, mode, greeting, TLS and PROXY protocol
 * setting. Every listener of a server shares its event loops and limits.
 *
 * @param name unique in the server; the {@code listener} label of its metrics ({@code tcp-<port>}
 *     unless named)
 * @param greeting the greeting template, or {@code null} for none
 * @param tls whether its connections speak TLS, with the server's certificate
 */
public record ListenerConfig(
    String name,
    String host,
    int port,
    Framing framing,
    Mode mode,
    String greeting,
    boolean tls,
    ProxyProtocol proxyProtocol) {

  /** Checked as {@link ServerConfig} checks its values; errors name the key, {@link ListenerSpec} names the listener. */
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    if (name.isBlank() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
      throw ConfigException.invalid("name", "\"" + name + "\" (expected: letters, digits, '-', '_' and '.')");
    }
    Check.between("port", port, 0, 65535);
    if (framing == Framing.RAW && mode.needsMessages()) {
      throw ConfigException.invalid("mode", mode.optionName()
          + " needs messages, but framing raw%s has none (use line or length framing)", "framing");
    }
  }

  /** The name a listener gets unless it is given one, e.g. {@code tcp-12345}. */
  public static String defaultName(int port) {
    return "tcp-" + port;
  }

  /** {@code host:port}, for logs. */
  public String address() {
    return Addresses.format(host, port);
  }
}
