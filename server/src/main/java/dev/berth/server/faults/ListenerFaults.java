package dev.berth.server.faults;

import dev.berth.config.FaultSettings;
import dev.berth.server.counters.FaultKind;
import dev.berth.server.counters.ServerCounters;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of one listener: the settings in effect, which {@code berth ctl} may change while it
 * serves (a change applies to the messages that arrive after it, on open connections too), and
 * the count of each fault injected.
 */
public final class ListenerFaults {

  private static final Logger log = LoggerFactory.getLogger(ListenerFaults.class);

  private final String name;
  private final AtomicReference<FaultSettings> settings;
  private final ServerCounters counters;
  /** Connections numbered in the order accepted: with a seed, each gets its own reproducible choices. */
  private final AtomicLong connections = new AtomicLong();

  public ListenerFaults(String name, FaultSettings initial, ServerCounters counters) {
    this.name = name;
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

  /** Counts a fault, and logs it at debug: {@code connection} is its number on this listener. */
  void injected(FaultKind kind, long connection) {
    counters.faultInjected(kind);
    if (log.isDebugEnabled()) {
      log.debug("fault {}: connection {} of listener {}", kind.label(), connection, name);
    }
  }
}
