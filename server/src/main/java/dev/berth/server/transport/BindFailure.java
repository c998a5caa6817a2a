package dev.berth.server.transport;

import dev.berth.config.Addresses;
import java.net.InetSocketAddress;
import java.util.Locale;

/** Turns a failed bind into the one line a person needs to fix it. */
public final class BindFailure {

  private BindFailure() {}

  public static String describe(InetSocketAddress address, Throwable error, boolean reusePort) {
    String where = "cannot bind " + Addresses.format(address.getHostString(), address.getPort()) + ": ";
    String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("address already in use")) {
      return where + "address already in use" + (reusePort
          ? " (held by a process without SO_REUSEPORT, or by another user)"
          : " (berth shares a port only when every process on it uses --reuse-port)");
    }
    if (message.contains("permission denied") || message.contains("access denied")) {
      return where + "permission denied (ports below 1024 need privileges)";
    }
    if (message.contains("cannot assign requested address")) {
      return where + "this host has no such address";
    }
    String reason = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    return where + reason.lines().findFirst().orElse(reason);
  }
}
