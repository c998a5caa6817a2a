package dev.berth.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT. The first asks the server to stop (the caller decides how); a second one,
 * for an operator who does not want to wait, ends the process at once.
 */
final class StopSignals {

  private static final CountDownLatch FIRST = new CountDownLatch(1);

  private StopSignals() {}

  /** Blocks until the first SIGTERM or SIGINT. */
  static void awaitFirst() throws InterruptedException {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (FIRST.getCount() == 0) {
          Runtime.getRuntime().halt(ExitCodes.FAILURE);
        }
        FIRST.countDown();
      });
    }
    FIRST.await();
  }
}
