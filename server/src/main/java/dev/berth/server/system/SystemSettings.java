package dev.berth.server.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the operating system allows this process, as far as start-up warnings need it.
 *
 * @param openFilesLimit the most file descriptors the process may hold, or -1 when unknown
 * @param tcpMigrateReq {@code net.ipv4.tcp_migrate_req}, or -1 when unknown
 * @param linux whether this is Linux, where a missing tcp_migrate_req means an old kernel
 */
public record SystemSettings(long openFilesLimit, int tcpMigrateReq, boolean linux) {

  private static final Path TCP_MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

  /** The settings of this process and machine now. */
  public static SystemSettings read() {
    return new SystemSettings(readOpenFilesLimit(), readTcpMigrateReq(),
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
  }

  /**
   * The JVM's view of the limit: on Linux it raises its soft limit to the hard one at start, so
   * this is what the server can really use.
   */
  static long readOpenFilesLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
      return ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
    }
    return -1;
  }

  /** Read at every call: an operator may change it with sysctl while the server runs. */
  public static int readTcpMigrateReq() {
    try {
      return Integer.parseInt(Files.readString(TCP_MIGRATE_REQ).strip());
    } catch (IOException | NumberFormatException | SecurityException e) {
      return -1;
    }
  }
}
