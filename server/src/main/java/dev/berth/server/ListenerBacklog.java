package dev.berth.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many established connections wait in this process's accept queues, read from
 * {@code /proc/net/tcp*} (Linux, native transports): the connections that closing the listeners
 * puts at risk, which a drain logs.
 *
 * <p>The kernel lists listening sockets before all others, so the read stops at the first row
 * that is not LISTEN: it stays fast on a busy host with tens of thousands of connections.
 */
final class ListenerBacklog {

  private static final String LISTEN = "0A";

  private ListenerBacklog() {}

  /** Connections queued on {@code listeners}, or -1 where that cannot be read. */
  static int queued(List<Channel> listeners) {
    Set<String> inodes = new HashSet<>();
    for (Channel listener : listeners) {
      if (!(listener instanceof UnixChannel)) {
        return -1;
      }
      try {
        String target = Files.readSymbolicLink(
            Path.of("/proc/self/fd/" + ((UnixChannel) listener).fd().intValue())).toString();
        inodes.add(target.substring(target.indexOf('[') + 1, target.indexOf(']')));
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    int queued = 0;
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try (BufferedReader rows = Files.newBufferedReader(Path.of(table))) {
        rows.readLine(); // header
        String row;
        while ((row = rows.readLine()) != null) {
          String[] f = row.trim().split("\\s+");
          if (f.length < 10 || !f[3].equals(LISTEN)) {
            break;
          }
          if (inodes.contains(f[9])) {
            queued += Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16); // rx_queue: accept queue
          }
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    return queued;
  }
}
