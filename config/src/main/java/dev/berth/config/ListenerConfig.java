package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.util.Objects;

/**
 * One listener: a port served with its own protocol, framing, mode, greeting, TLS, PROXY protocol
 * setting and faults. Every listener of a server shares its event loops and limits.
 *
 * @param name unique in the server; the {@code listener} label of its metrics ({@code tcp-<port>}
 *     or {@code udp-<port>} unless named)
 * @param protocol TCP connections, or UDP datagrams (each a message; framing does not apply)
 * @param greeting the greeting template, or {@code null} for none
 * @param tls whether its connections speak TLS, with the server's certificate
 * @param faults the faults it injects at start ({@code berth ctl} may change them)
 */
public record ListenerConfig(
    String name,
    ListenerProtocol protocol,
    String host,
    int port,
    Framing framing,
    Mode mode,
    String greeting,
    boolean tls,
    ProxyProtocol proxyProtocol,
    FaultSettings faults) {

  /** Checked as {@link ServerConfig} checks its values; errors name the key, {@link ListenerSpec} names the listener. */
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(faults, "faults");
    if (name.isBlank() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
      throw ConfigException.invalid("name", "\"" + name + "\" (expected: letters, digits, '-', '_' and '.')");
    }
    Check.between("port", port, 0, 65535);
    if (protocol == ListenerProtocol.UDP) {
      if (tls) {
        throw ConfigException.invalid("tls", "on for a UDP listener (expected: off; berth has no DTLS)");
      }
      if (proxyProtocol != ProxyProtocol.OFF) {
        throw ConfigException.invalid("proxy-protocol", proxyProtocol.optionName()
            + " for a UDP listener (expected: off; it is a TCP header)");
      }
    } else if (framing == Framing.RAW && mode.needsMessages()) {
      throw ConfigException.invalid("mode", mode.optionName()
          + " needs messages, but framing raw%s has none (use line or length framing)", "framing");
    }
  }

  /** The name a listener gets unless it is given one, e.g. {@code tcp-12345}. */
  public static String defaultName(ListenerProtocol protocol, int port) {
    return protocol.optionName() + "-" + port;
  }

  /** This listener with other faults. */
  public ListenerConfig withFaults(FaultSettings other) {
    return new ListenerConfig(name, protocol, host, port, framing, mode, greeting, tls, proxyProtocol, other);
  }

  /** {@code host:port}, for logs. */
  public String address() {
    return Addresses.format(host, port);
  }

  /** The framing as logs and status show it: {@code none} for UDP, where each datagram is a message. */
  public String framingName() {
    return protocol == ListenerProtocol.UDP ? "none" : framing.optionName();
  }
}
