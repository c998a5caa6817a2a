package dev.berth.server.counters;

import java.util.Locale;

/** Why a connection ended, as counted in {@code berth_connections_closed_total{cause}}. */
public enum CloseCause {
  /** The peer closed its side. */
  PEER,
  /** No traffic for the idle timeout. */
  IDLE,
  /** The server was draining. */
  DRAIN,
  /** The peer broke the wire format. */
  PROTOCOL,
  /** An I/O error such as a reset. */
  ERROR,
  /** A fault on purpose: {@code --close-after}, {@code --reset-after}, {@code --reset-rate}. */
  FAULT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
