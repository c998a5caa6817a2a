package dev.berth.server.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the server takes new connections, as {@code /readyz} and {@code berth_draining} report
 * it. It only moves forward: starting, ready, draining.
 */
public final class Readiness {

  /** Where the server is in its life. */
  public enum State {
    /** Listening sockets not bound yet. */
    STARTING,
    /** Accepting connections. */
    READY,
    /** Stopping: no longer a target for new connections. */
    DRAINING
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

  /** Marks the server ready, unless it is already draining. */
  public void markReady() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  /** Marks the server draining, from this moment on. */
  public void markDraining() {
    state.set(State.DRAINING);
  }

  public State state() {
    return state.get();
  }

  public boolean isReady() {
    return state.get() == State.READY;
  }

  public boolean isDraining() {
    return state.get() == State.DRAINING;
  }
}
