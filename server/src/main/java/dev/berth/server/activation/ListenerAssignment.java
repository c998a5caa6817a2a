package dev.berth.server.activation;

import dev.berth.config.ConfigException;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ListenerProtocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which listener adopts which socket systemd passed: the one whose name is the socket's name (the
 * socket unit's {@code FileDescriptorName=}); a socket without a name only when it is the one
 * socket passed and berth has one TCP listener. Each passed socket must find a listener, and a
 * listener adopts at most one; a listener no socket came for binds its own.
 */
final class ListenerAssignment {

  private ListenerAssignment() {}

  /**
   * @return each passed socket by the name of the listener that adopts it
   * @throws ConfigException for a socket no listener claims, one for a UDP listener, or a second
   *     socket for one listener
   */
  static Map<String, PassedSocket> assign(List<PassedSocket> passed, List<ListenerConfig> listeners) {
    List<String> tcp = listeners.stream()
        .filter(listener -> listener.protocol() == ListenerProtocol.TCP).map(ListenerConfig::name).toList();
    Map<String, PassedSocket> assigned = new LinkedHashMap<>();
    for (PassedSocket socket : passed) {
      String listener = listenerOf(socket, passed, listeners, tcp);
      PassedSocket earlier = assigned.putIfAbsent(listener, socket);
      if (earlier != null) {
        throw new ConfigException("systemd passed socket " + socket + " for listener " + listener
            + ", which already adopts " + earlier + ": a listener adopts one socket (give each its own name)");
      }
    }
    return assigned;
  }

  private static String listenerOf(PassedSocket socket, List<PassedSocket> passed, List<ListenerConfig> listeners,
      List<String> tcp) {
    if (tcp.contains(socket.name())) {
      return socket.name();
    }
    Optional<ListenerConfig> udp = listeners.stream().filter(listener -> listener.name().equals(socket.name())).findFirst();
    if (udp.isPresent()) {
      throw new ConfigException("systemd passed socket " + socket + " for listener " + socket.name()
          + ", which is UDP: UDP listeners are not socket-activated, they bind their own sockets (remove it from "
          + "the socket unit)");
    }
    boolean unnamed = socket.name().isEmpty() || socket.name().equals(SocketActivation.UNNAMED);
    if (unnamed && passed.size() == 1 && tcp.size() == 1) {
      return tcp.get(0);
    }
    if (unnamed) {
      throw new ConfigException("systemd passed socket " + socket + " without a name, which berth matches to a "
          + "listener only when it is the one socket passed and berth has one TCP listener (here " + passed.size()
          + (passed.size() == 1 ? " socket" : " sockets") + ", listeners: " + String.join(", ", tcp)
          + "); set FileDescriptorName= in the socket unit to the listener's name");
    }
    throw new ConfigException("systemd passed socket " + socket + ", but no listener has that name (listeners: "
        + (tcp.isEmpty() ? "none on TCP" : String.join(", ", tcp)) + ")");
  }
}
