package dev.berth.client.bench;

/**
 * When a connection's message number {@code seq} is due. In a closed loop every message is due
 * at once (the pipeline limits it); in an open loop message {@code seq} is due at {@code start +
 * seq * interval}, whatever happened to earlier ones, so a slow server cannot slow the schedule
 * down and hide its own delays (coordinated omission).
 */
final class Pacer {

  private static final Pacer CLOSED_LOOP = new Pacer(0, 0);

  private final long startNanos;
  private final double intervalNanos;

  private Pacer(long startNanos, double intervalNanos) {
    this.startNanos = startNanos;
    this.intervalNanos = intervalNanos;
  }

  static Pacer closedLoop() {
    return CLOSED_LOOP;
  }

  /** {@code ratePerConnection} messages a second from {@code startNanos} on. */
  static Pacer openLoop(long startNanos, double ratePerConnection) {
    return new Pacer(startNanos, 1e9 / ratePerConnection);
  }

  boolean isOpenLoop() {
    return intervalNanos > 0;
  }

  /** The intended send time of message {@code seq}; {@link Long#MIN_VALUE} in a closed loop. */
  long due(long seq) {
    return intervalNanos > 0 ? startNanos + (long) (seq * intervalNanos) : Long.MIN_VALUE;
  }
}
