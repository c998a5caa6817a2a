package dev.berth.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that hold between a server's listeners: at least one, names unique, no two on the same
 * host, port and protocol, a certificate for every listener with TLS on, and none on the metrics
 * port. Each broken rule is a {@link ConfigException} naming the listeners involved.
 */
final class ListenerChecks {

  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

  private ListenerChecks() {}

  /** Checks {@code listeners}; {@code metricsPort} is 0 when the HTTP endpoint is off or on an ephemeral port. */
  static void check(List<ListenerConfig> listeners, TlsConfig tls, int metricsPort) {
    if (listeners.isEmpty()) {
      throw ConfigException.invalid("listen", "no listener (expected: at least one)");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < listeners.size(); i++) {
      ListenerConfig listener = listeners.get(i);
      if (!names.add(listener.name())) {
        throw ConfigException.invalid("listen", "two listeners named " + listener.name()
            + " (give each its own name=)");
      }
      for (ListenerConfig earlier : listeners.subList(0, i)) {
        if (earlier.port() != 0 && earlier.port() == listener.port() && earlier.protocol() == listener.protocol()
            && sameHost(earlier.host(), listener.host())) {
          throw ConfigException.invalid("listen", "listeners " + earlier.name() + " and " + listener.name()
              + " both on " + listener.protocol().optionName() + " " + listener.address()
              + " (expected: a host, port and protocol each)");
        }
      }
      if (listener.tls() && !tls.hasCertificate()) {
        throw ConfigException.invalid("listen", "listener " + listener.name() + ": tls=on needs a certificate "
            + "(give --tls-cert and --tls-key, or --tls-self-signed)");
      }
      if (metricsPort != 0 && metricsPort == listener.port() && listener.protocol() == ListenerProtocol.TCP) {
        throw ConfigException.invalid("metrics-port", metricsPort + " is also the port of listener "
            + listener.name() + " (expected: a port of its own, or --no-metrics)");
      }
    }
  }

  /** Whether two bind addresses overlap: equal, or one of them every address (0.0.0.0, ::). */
  private static boolean sameHost(String a, String b) {
    return a.equals(b) || WILDCARDS.contains(a) || WILDCARDS.contains(b);
  }

}
