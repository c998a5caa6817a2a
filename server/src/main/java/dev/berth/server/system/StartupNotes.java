package dev.berth.server.system;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an operator should know about a server that has just started: conditions to fix before
 * relying on it (warnings), and facts about how it shares its port (info). Logged once the
 * server is ready, so that a start that fails prints only its one error line.
 */
public final class StartupNotes {

  /**
   * Descriptors the process holds besides connections: a listening socket per event loop, the
   * event loops' epoll and wake-up descriptors, the metrics endpoint and its scrapes, the JVM's
   * jars and logs. A couple of hundred covers them with room to spare.
   */
  static final int FILE_HEADROOM = 256;

  /** One line to log, at warning or info level. */
  public record Note(boolean warning, String text) {}

  /**
   * A TCP listener's sockets: how many other sockets listen on its address and port (-1 when
   * unknown), and whether systemd passed its socket and holds a copy (socket activation), so that
   * its queue outlives this process.
   */
  public record ListenerSockets(int othersOnTheirAddress, boolean socketActivated) {}

  private StartupNotes() {}

  /**
   * @param transport the transport's name, e.g. {@code nio}
   * @param reusePortAvailable whether the transport has SO_REUSEPORT here
   * @param reusePort whether the server uses SO_REUSEPORT
   * @param sockets each TCP listener's sockets
   */
  public static List<Note> check(ServerConfig config, String transport, boolean reusePortAvailable,
      boolean reusePort, SystemSettings system, Map<ListenerConfig, ListenerSockets> sockets) {
    List<Note> notes = new ArrayList<>();
    long needed = (long) config.maxConnections() + FILE_HEADROOM;
    if (system.openFilesLimit() >= 0 && system.openFilesLimit() < needed) {
      notes.add(warning("open-files limit is " + system.openFilesLimit() + ", below --max-connections "
          + config.maxConnections() + " + " + FILE_HEADROOM + " for the process itself: connections past about "
          + Math.max(0, system.openFilesLimit() - FILE_HEADROOM) + " will fail; raise it to " + needed
          + " (ulimit -n, LimitNOFILE= in systemd, --ulimit nofile= in docker) or lower --max-connections"));
    }
    String ports = ports(config.listeners());
    if (config.reusePort() == null && !reusePortAvailable) {
      notes.add(warning("SO_REUSEPORT is not available with transport " + transport + " here: reuse-port is off, "
          + "so no other instance can share " + ports
          + " and an upgrade means a stop and a start (use a native transport such as epoll on Linux)"));
    }
    // Sockets that close with this process: systemd keeps a passed one open, with its queue.
    List<ListenerConfig> closing = new ArrayList<>();
    List<ListenerConfig> shared = new ArrayList<>();
    sockets.forEach((listener, its) -> {
      int others = its.othersOnTheirAddress();
      if (!its.socketActivated()) {
        closing.add(listener);
      }
      if (reusePort && others > 0) {
        if (!its.socketActivated()) {
          shared.add(listener);
        }
        notes.add(info("joined " + others + " other listening " + (others == 1 ? "socket" : "sockets")
            + " on port " + listener.port() + " (SO_REUSEPORT): the kernel shares new connections between them "
            + "and this instance (if another server there is left over by accident, stop it or use another port)"));
      }
    });
    if (reusePort && system.linux() && system.tcpMigrateReq() != 1 && !closing.isEmpty()) {
      notes.add(tcpMigrateReq(config, system.tcpMigrateReq(), shared.isEmpty() ? ports(closing) : ports(shared),
          !shared.isEmpty()));
    }
    return notes;
  }

  /** {@code port 12345}, or {@code ports 12345, 12346} for several listeners. */
  private static String ports(List<ListenerConfig> listeners) {
    return (listeners.size() == 1 ? "port " : "ports ")
        + listeners.stream().map(listener -> Integer.toString(listener.port())).collect(Collectors.joining(", "));
  }

  /**
   * A warning only where it matters: the port is shared now (a rolling upgrade by SIGTERM is under
   * way) and no control socket offers the lossless handover. Otherwise a fact, at info level.
   */
  private static Note tcpMigrateReq(ServerConfig config, int tcpMigrateReq, String ports, boolean shared) {
    String setting = tcpMigrateReq == 0
        ? "net.ipv4.tcp_migrate_req is 0"
        : "net.ipv4.tcp_migrate_req is not available (Linux before 5.14)";
    String fix = tcpMigrateReq == 0
        ? "set it to 1 (sysctl -w net.ipv4.tcp_migrate_req=1, and a file in /etc/sysctl.d/ to keep it) or upgrade "
            + "with --control-socket and --takeover-from"
        : "upgrade with --control-socket and --takeover-from to lose none";
    if (config.controlSocket() != null) {
      return info(setting + ": not needed, upgrades hand the listening sockets over through --control-socket "
          + config.controlSocket());
    }
    if (shared) {
      return warning(setting + " and " + ports + (ports.startsWith("ports") ? " are" : " is") + " shared: when "
          + "one of the instances there stops by SIGTERM, the connections still waiting in its accept queue are "
          + "reset instead of passed to the others; " + fix);
    }
    return info(setting + ": if another instance joins " + ports + " to replace this one by "
        + "SIGTERM, connections still waiting in this one's accept queue at the stop are reset; " + fix);
  }

  private static Note warning(String text) {
    return new Note(true, text);
  }

  private static Note info(String text) {
    return new Note(false, text);
  }
}
