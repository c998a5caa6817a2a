package dev.berth.server.metrics;

import dev.berth.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/** Conditions an operator should fix before relying on this server, one warning line each. */
public final class StartupWarnings {

  /**
   * Descriptors the process holds besides connections: a listening socket per event loop, the
   * event loops' epoll and wake-up descriptors, the metrics endpoint and its scrapes, the JVM's
   * jars and logs. A couple of hundred covers them with room to spare.
   */
  static final int FILE_HEADROOM = 256;

  private StartupWarnings() {}

  /**
   * @param transport the transport's name, e.g. {@code nio}
   * @param reusePortAvailable whether the transport has SO_REUSEPORT here
   * @param reusePort whether the server uses SO_REUSEPORT
   */
  public static List<String> check(ServerConfig config, String transport, boolean reusePortAvailable,
      boolean reusePort, SystemSettings system) {
    List<String> warnings = new ArrayList<>();
    long needed = (long) config.maxConnections() + FILE_HEADROOM;
    if (system.openFilesLimit() >= 0 && system.openFilesLimit() < needed) {
      warnings.add("open-files limit is " + system.openFilesLimit() + ", below --max-connections "
          + config.maxConnections() + " + " + FILE_HEADROOM + " for the process itself: connections past about "
          + Math.max(0, system.openFilesLimit() - FILE_HEADROOM) + " will fail; raise it to " + needed
          + " (ulimit -n, LimitNOFILE= in systemd, --ulimit nofile= in docker) or lower --max-connections");
    }
    if (config.reusePort() == null && !reusePortAvailable) {
      warnings.add("SO_REUSEPORT is not available with transport " + transport + " here: reuse-port is off, "
          + "so no other instance can share port " + config.port()
          + " and an upgrade means a stop and a start (use a native transport such as epoll on Linux)");
    }
    if (reusePort && system.linux()) {
      String effect = "when this instance stops, connections still waiting in its accept queue are reset "
          + "instead of passed to another instance on the port";
      if (system.tcpMigrateReq() == 0) {
        warnings.add("net.ipv4.tcp_migrate_req is 0: " + effect + "; set it to 1 "
            + "(sysctl -w net.ipv4.tcp_migrate_req=1, and a file in /etc/sysctl.d/ to keep it) "
            + "or upgrade with --takeover-from");
      } else if (system.tcpMigrateReq() < 0) {
        warnings.add("net.ipv4.tcp_migrate_req is not available (Linux before 5.14): " + effect
            + "; upgrade with --takeover-from to lose none");
      }
    }
    return warnings;
  }
}
