package dev.berth.cli;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP: reload, as daemons do and as systemd's {@code ExecReload} asks. Without a handler the
 * JVM's default ends the process on SIGHUP, without a drain.
 */
final class ReloadSignal {

  private ReloadSignal() {}

  /**
   * Runs {@code reload} on each SIGHUP (on the JVM's signal thread, one at a time). Where the
   * platform has no SIGHUP (Windows), there is nothing to install.
   */
  static void install(Runnable reload) {
    Signal hangUp;
    try {
      hangUp = new Signal("HUP");
    } catch (IllegalArgumentException e) {
      return;
    }
    Signal.handle(hangUp, signal -> {
      LoggerFactory.getLogger(ReloadSignal.class).info("SIGHUP: reloading the TLS certificate");
      try {
        reload.run();
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(ReloadSignal.class).warn("SIGHUP: reload failed", e);
      }
    });
  }
}
