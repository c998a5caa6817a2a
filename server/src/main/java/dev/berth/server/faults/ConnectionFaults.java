package dev.berth.server.faults;

import dev.berth.config.FaultSettings;
import dev.berth.server.counters.FaultKind;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The faults of one connection: each decision made from the listener's settings in effect when
 * the message arrives, and the connection's own random numbers. With {@code --fault-seed} those
 * come from the seed and the connection's number in its listener, so the same seed and the same
 * traffic give the same faults. Every method runs on the connection's event loop.
 */
public final class ConnectionFaults {

  /** Mixes a seed with a connection number into a seed of its own (the golden ratio's bits). */
  private static final long SPREAD = 0x9E3779B97F4A7C15L;

  private final ListenerFaults listener;
  private final long number;
  private SplittableRandom random;
  private Long seededWith;
  private long replies;
  /** A stall or an end happens once; a count set below what the connection has passed already happens next. */
  private boolean stalled;
  private boolean ended;
  /** When the last delayed reply is due, so that the next one is never due before it. */
  private long lastDueNanos;

  ConnectionFaults(ListenerFaults listener, long number) {
    this.listener = listener;
    this.number = number;
  }

  /** The settings in effect now. */
  public FaultSettings settings() {
    return listener.current();
  }

  /** Whether to reset the connection at its first message (--reset-rate). */
  public boolean resetAtFirstMessage(FaultSettings settings) {
    return chance(settings, settings.resetRate(), FaultKind.RESET);
  }

  /** Whether to stop reading now that {@code received} messages have arrived (--stall-after). */
  public boolean stallNow(FaultSettings settings, long received) {
    if (!stalled && settings.stallAfter() > 0 && received >= settings.stallAfter()) {
      stalled = true;
      injected(FaultKind.STALL);
      return true;
    }
    return false;
  }

  /** Whether to leave this message unanswered (--drop-rate). */
  public boolean drop(FaultSettings settings) {
    return chance(settings, settings.dropRate(), FaultKind.DROP);
  }

  /**
   * How long the reply to write now must wait (--delay): a draw from the range, but never due
   * before the reply before it, so replies stay in order. 0 when there is no delay.
   */
  public long delayNanos(FaultSettings settings, long nowNanos) {
    if (settings.delayMax().isZero()) {
      return 0;
    }
    long min = settings.delayMin().toNanos();
    long span = settings.delayMax().toNanos() - min;
    long due = nowNanos + min + (span == 0 ? 0 : random(settings).nextLong(span + 1));
    if (lastDueNanos != 0 && due - lastDueNanos < 0) {
      due = lastDueNanos;
    }
    lastDueNanos = due;
    injected(FaultKind.DELAY);
    return due - nowNanos;
  }

  /**
   * How the connection goes on after one more reply: on, half-closed, or reset. A count that
   * {@code berth ctl} sets below the replies already sent ends the connection after the next one.
   */
  public End afterReply(FaultSettings settings) {
    replies++;
    if (ended) {
      return End.NONE;
    }
    if (settings.resetAfter() > 0 && replies >= settings.resetAfter()) {
      ended = true;
      injected(FaultKind.RESET);
      return End.RESET;
    }
    if (settings.closeAfter() > 0 && replies >= settings.closeAfter()) {
      ended = true;
      injected(FaultKind.CLOSE);
      return End.CLOSE;
    }
    return End.NONE;
  }

  /** What a fault does to a connection after a reply. */
  public enum End {
    NONE,
    /** A half-close (FIN), as in a drain. */
    CLOSE,
    /** A reset (RST). */
    RESET
  }

  private boolean chance(FaultSettings settings, double probability, FaultKind kind) {
    if (probability <= 0 || random(settings).nextDouble() >= probability) {
      return false;
    }
    injected(kind);
    return true;
  }

  /** Counts (and logs at debug) a fault on this connection, such as a throttled reply. */
  public void injected(FaultKind kind) {
    listener.injected(kind, number);
  }

  /** The connection's random numbers, from the seed in effect (a new seed starts them afresh). */
  private SplittableRandom random(FaultSettings settings) {
    if (random == null || !Objects.equals(seededWith, settings.seed())) {
      seededWith = settings.seed();
      random = seededWith == null ? new SplittableRandom() : new SplittableRandom(seededWith + number * SPREAD);
    }
    return random;
  }
}
