package dev.berth.server.listener;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the kernel's table of listening TCP sockets ({@code /proc/net/tcp} and {@code tcp6}) says
 * about this server's listening sockets: how many connections wait in their accept queues (what
 * closing them puts at risk), and how many other sockets listen on the same address and port
 * (processes sharing it with SO_REUSEPORT). Linux and native transports only; elsewhere every
 * answer is -1, unknown.
 *
 * <p>The kernel lists listening sockets before all others, so a read stops at the first row that
 * is not LISTEN: it stays fast on a busy host with tens of thousands of connections.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";
  private static final String[] TABLES = {"/proc/net/tcp", "/proc/net/tcp6"};

  /** One LISTEN row: local address as the kernel writes it ({@code 0100007F:3039}), accept queue, inode. */
  private record Row(String localAddress, int queued, String inode) {}

  private ListeningSockets() {}

  /** Connections queued on {@code listeners}, or -1 where that cannot be read. */
  static int queued(List<Channel> listeners) {
    return queued(inodes(listeners));
  }

  /** Connections queued on the sockets with these {@link #inodes}, or -1 where that cannot be read. */
  static int queued(Set<String> ours) {
    List<Row> rows = ours == null ? null : listeningRows();
    if (rows == null) {
      return -1;
    }
    int queued = 0;
    for (Row row : rows) {
      if (ours.contains(row.inode())) {
        queued += row.queued();
      }
    }
    return queued;
  }

  /**
   * Sockets of other processes (or of this one, not in {@code listeners}) listening on the same
   * address and port as {@code listeners}, or -1 where that cannot be read.
   */
  static int othersOnTheirAddress(List<Channel> listeners) {
    Set<String> ours = inodes(listeners);
    List<Row> rows = ours == null ? null : listeningRows();
    if (rows == null) {
      return -1;
    }
    Set<String> addresses = new HashSet<>();
    for (Row row : rows) {
      if (ours.contains(row.inode())) {
        addresses.add(row.localAddress());
      }
    }
    int others = 0;
    for (Row row : rows) {
      if (addresses.contains(row.localAddress()) && !ours.contains(row.inode())) {
        others++;
      }
    }
    return others;
  }

  /** The socket inodes of {@code listeners}, or {@code null} where they cannot be read. */
  static Set<String> inodes(List<Channel> listeners) {
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
    return inodes;
  }

  /** Every LISTEN row of both tables, or {@code null} where they cannot be read. */
  private static List<Row> listeningRows() {
    List<Row> listening = new ArrayList<>();
    for (String table : TABLES) {
      try (BufferedReader rows = Files.newBufferedReader(Path.of(table))) {
        rows.readLine(); // header
        String line;
        while ((line = rows.readLine()) != null) {
          // sl local_address rem_address st tx_queue:rx_queue tr tm->when retrnsmt uid timeout inode
          String[] f = line.trim().split("\\s+");
          if (f.length < 10 || !f[3].equals(LISTEN)) {
            break;
          }
          // For a listening socket, rx_queue is its accept queue.
          listening.add(new Row(f[1], Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16), f[9]));
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return listening;
  }
}
