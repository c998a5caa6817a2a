package dev.berth.server.counters;

import java.util.Locale;

/** A fault injected on purpose, as counted in {@code berth_faults_injected_total{kind}}. */
public enum FaultKind {
  /** A reply held back by {@code --delay}. */
  DELAY,
  /** A message left unanswered by {@code --drop-rate}. */
  DROP,
  /** A connection half-closed by {@code --close-after}. */
  CLOSE,
  /** A connection reset by {@code --reset-after} or {@code --reset-rate}. */
  RESET,
  /** A connection no longer read by {@code --stall-after}. */
  STALL,
  /** A write held back by {@code --throttle}. */
  THROTTLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
