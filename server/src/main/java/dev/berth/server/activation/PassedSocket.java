package dev.berth.server.activation;

/**
 * A socket that systemd passed: its descriptor in this process and its name from {@code
 * LISTEN_FDNAMES} (the socket unit's {@code FileDescriptorName=}, {@code "unknown"} when it has
 * none).
 */
public record PassedSocket(int fd, String name) {

  /** How errors and the log name it: {@code "tcp-8080" (fd 3)}. */
  @Override
  public String toString() {
    return "\"" + name + "\" (fd " + fd + ")";
  }
}
