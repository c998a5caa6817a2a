package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What Linux says about a process: resident memory and open files, from {@code /proc}. */
final class ProcessStatus {

  private ProcessStatus() {}

  /** Resident set size in bytes ({@code VmRSS}). */
  static long rssBytes(long pid) {
    return status(pid, "VmRSS") * 1024;
  }

  /** Threads of the process ({@code Threads}). */
  static long threads(long pid) {
    return status(pid, "Threads");
  }

  /** The number in the line {@code field} of /proc/PID/status. */
  private static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no " + field + " for " + pid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Open file descriptors, sockets included. */
  static long openFiles(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
