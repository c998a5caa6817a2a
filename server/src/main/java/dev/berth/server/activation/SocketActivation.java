package dev.berth.server.activation;

import dev.berth.config.ConfigException;
import dev.berth.config.ServerConfig;
import dev.berth.server.transport.NettyTransport;
import io.netty.channel.unix.FileDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets systemd passed to this process (socket activation, as sd_listen_fds(3)
 * reads them): descriptors 3, 4, ..., as many as {@code LISTEN_FDS} says, named by {@code
 * LISTEN_FDNAMES}, and only when {@code LISTEN_PID} is this process (a process that merely
 * inherited the variables from one that was activated ignores them).
 */
public final class SocketActivation {

  private static final Logger log = LoggerFactory.getLogger(SocketActivation.class);

  /** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
  static final int FIRST_FD = 3;
  /** systemd's name for a socket whose unit gives it none ({@code FileDescriptorName=}). */
  static final String UNNAMED = "unknown";

  /**
   * The most sockets berth takes: more than any socket unit passes (each needs a listener of its
   * own), and few enough to check one by one.
   */
  static final int MAX_SOCKETS = 1024;

  /** Not activated: every listener binds its own socket. */
  public static final SocketActivation NONE = new SocketActivation(List.of());

  private final List<PassedSocket> sockets;

  private SocketActivation(List<PassedSocket> sockets) {
    this.sockets = List.copyOf(sockets);
  }

  /**
   * The sockets passed to process {@code pid}, read from {@code environment} (the process's own,
   * or a test's).
   *
   * @throws ConfigException when the variables are meant for this process but malformed
   */
  public static SocketActivation fromEnvironment(Map<String, String> environment, long pid) {
    String forPid = environment.get("LISTEN_PID");
    String count = environment.get("LISTEN_FDS");
    if (forPid == null || count == null) {
      return NONE;
    }
    if (parse("LISTEN_PID", forPid, 1, Long.MAX_VALUE, "a process id") != pid) {
      log.debug("LISTEN_FDS={} is for process {}, not this one ({}): ignored", count, forPid, pid);
      return NONE;
    }
    int passed = (int) parse("LISTEN_FDS", count, 0, MAX_SOCKETS, "a number of sockets, 0.." + MAX_SOCKETS);
    String names = environment.get("LISTEN_FDNAMES");
    List<String> named = names == null
        ? Collections.nCopies(passed, UNNAMED) : Arrays.asList(names.split(":", -1));
    if (named.size() != passed) {
      throw new ConfigException("LISTEN_FDNAMES: \"" + names + "\" (expected: " + passed + " names separated by "
          + "':', one for each of LISTEN_FDS=" + passed + ")");
    }
    List<PassedSocket> sockets = new ArrayList<>();
    for (int i = 0; i < passed; i++) {
      sockets.add(new PassedSocket(FIRST_FD + i, named.get(i)));
    }
    return of(sockets);
  }

  /** Sockets passed some other way than by the environment, e.g. by a program that embeds berth. */
  public static SocketActivation of(List<PassedSocket> sockets) {
    return sockets.isEmpty() ? NONE : new SocketActivation(sockets);
  }

  private static long parse(String variable, String value, long min, long max, String expected) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new ConfigException(variable + ": \"" + value + "\" (expected: " + expected + ")");
  }

  /** Whether systemd passed this process any socket. */
  public boolean isActivated() {
    return !sockets.isEmpty();
  }

  public List<PassedSocket> sockets() {
    return sockets;
  }

  /**
   * The passed sockets by the name of the listener that adopts each (see {@link
   * ListenerAssignment}), each checked to be a listening TCP socket and made non-blocking; empty
   * when not activated.
   *
   * @throws ConfigException when a socket cannot be adopted: the transport cannot adopt, a
   *     takeover is asked for as well, no listener or two claim it, or it is not a listening TCP
   *     socket
   */
  public Map<String, FileDescriptor> adoptable(ServerConfig config, NettyTransport transport) {
    if (!isActivated()) {
      return Map.of();
    }
    String activation = "socket activation (LISTEN_FDS=" + sockets.size() + " from systemd)";
    transport.requireAdopting(activation);
    if (config.takeoverFrom() != null) {
      // Refused rather than one of them chosen: under systemd, the socket unit keeps the listening
      // sockets open through every restart, so a takeover adds nothing; and serving a
      // predecessor's sockets instead would leave systemd's unserved, queueing connections that
      // nobody accepts.
      throw new ConfigException("--takeover-from: not with " + activation + ": systemd keeps the listening "
          + "sockets open through restarts, so there is nothing to take over; remove --takeover-from");
    }
    Map<String, FileDescriptor> adoptable = new LinkedHashMap<>();
    for (Map.Entry<String, PassedSocket> assigned : ListenerAssignment.assign(sockets, config.listeners()).entrySet()) {
      adoptable.put(assigned.getKey(), PassedSocketCheck.requireListeningTcp(assigned.getValue()));
      NonBlockingMode.JDK.make(assigned.getValue());
    }
    return adoptable;
  }
}
