package dev.berth.server.faults;

import dev.berth.config.FaultSettings;
import dev.berth.server.counters.FaultKind;
import dev.berth.server.counters.ServerCounters;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The faults of one listener: the settings in effect, which {@code berth ctl} may change while it
 * serves (a change applies to the messages that arrive after it, on open connections too), and
 * the count of each fault injected.
 */
public final class ListenerFaults {

  private final AtomicReference<FaultSettings> settings;
  private final ServerCounters counters;
  /** Connections numbered in the order accepted: with a seed, each gets its own reproducible choices. */
  private final AtomicLong connections = new AtomicLong();

  public ListenerFaults(FaultSettings initial, ServerCounters counters) {
    this.settings = new AtomicReference<>(initial);
    this.counters = counters;
  }

  /** The settings in effect now. */
  public FaultSettings current() {
    return settings.get();
  }

  /** From now on, {@code next}. */
  public void set(FaultSettings next) {
    settings.set(next);
  }

  /** The faults of a connection just accepted. */
  public ConnectionFaults forConnection() {
    return new ConnectionFaults(this, connections.incrementAndGet());
  }

  void injected(FaultKind kind) {
    counters.faultInjected(kind);
  }
}
