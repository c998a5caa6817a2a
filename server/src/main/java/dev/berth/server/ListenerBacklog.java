package dev.berth.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many connections wait in this process's accept queues, and how many handshakes are in
 * flight on its port, read from {@code /proc/net/tcp*} (Linux, native transports). These are the
 * connections a listener close puts at risk, so a drain logs them.
 *
 * @param queued established connections not yet accepted
 * @param handshakes connections in SYN_RECV on the port (not yet in any queue)
 */
record ListenerBacklog(int queued, int handshakes) {

  private static final String LISTEN = "0A";
  private static final String SYN_RECV = "03";

  /** The backlog of {@code listeners} on {@code port}, or {@code null} where it cannot be read. */
  static ListenerBacklog of(List<Channel> listeners, int port) {
    Set<String> inodes = new HashSet<>();
    for (Channel listener : listeners) {
      if (!(listener instanceof UnixChannel)) {
        return null;
      }
      try {
        String target = Files.readSymbolicLink(
            Path.of("/proc/self/fd/" + ((UnixChannel) listener).fd().intValue())).toString();
        inodes.add(target.substring(target.indexOf('[') + 1, target.indexOf(']')));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    int queued = 0;
    int handshakes = 0;
    String portHex = String.format(":%04X", port);
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      List<String> rows;
      try {
        rows = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
        String[] f = row.trim().split("\\s+");
        if (f.length < 10 || !f[1].endsWith(portHex)) {
          continue;
        }
        if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
          queued += Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16); // rx_queue = accept queue
        } else if (f[3].equals(SYN_RECV)) {
          handshakes++;
        }
      }
    }
    return new ListenerBacklog(queued, handshakes);
  }
}
