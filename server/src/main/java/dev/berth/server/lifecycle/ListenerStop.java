package dev.berth.server.lifecycle;

import java.util.function.BooleanSupplier;

/** How a drain stops one TCP listener's sockets, so that what waits in their queues is not lost. */
enum ListenerStop {

  /** A successor serves the sockets now: taken off our event loops and left open, queues and all. */
  LEFT_TO_SUCCESSOR,
  /**
   * systemd passed the socket and holds a copy of it: ours closes at once, and the socket stays
   * open, its queue waiting for the next process systemd starts. Neither accepting that queue
   * (those clients would only be drained) nor a backlog of zero (the backlog of systemd's copy
   * too: one socket; it would drop clients until the next start) would serve them.
   */
  LEFT_TO_SYSTEMD,
  /** The kernel moves what is queued to another socket on the port ({@code tcp_migrate_req=1}): closed at once. */
  CLOSED_AT_ONCE,
  /** Closed once what is already queued is accepted (see {@code AcceptQueueCloser}): served, not reset. */
  CLOSED_AFTER_ACCEPTING_QUEUED;

  /**
   * @param kernelMovesQueue whether the kernel would move the queue to another socket on the port,
   *     asked only when it matters
   */
  static ListenerStop of(boolean handedOver, boolean socketActivated, BooleanSupplier kernelMovesQueue) {
    if (handedOver) {
      return LEFT_TO_SUCCESSOR;
    }
    if (socketActivated) {
      return LEFT_TO_SYSTEMD;
    }
    return kernelMovesQueue.getAsBoolean() ? CLOSED_AT_ONCE : CLOSED_AFTER_ACCEPTING_QUEUED;
  }
}
