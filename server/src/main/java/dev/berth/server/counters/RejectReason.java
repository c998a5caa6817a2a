package dev.berth.server.counters;

import java.util.Locale;

/** Why a new connection was closed at once, as counted in {@code berth_connections_rejected_total{reason}}. */
public enum RejectReason {
  /** {@code --max-connections} were already open. */
  MAX_CONNECTIONS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
