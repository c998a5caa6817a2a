package dev.berth.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT. The first asks the server to stop gracefully (a drain); a second one, for an
 * operator who does not want to wait, ends the process at once.
 */
final class StopSignals {

  private final CompletableFuture<String> first = new CompletableFuture<>();

  private StopSignals() {}

  /** Takes over SIGTERM and SIGINT from the JVM's default (which would exit without a drain). */
  static StopSignals install() {
    StopSignals signals = new StopSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (!signals.first.complete("SIG" + signal.getName())) {
          System.err.println("berth: second SIG" + signal.getName() + ": stopping now");
          Runtime.getRuntime().halt(ExitCodes.FAILURE);
        }
      });
    }
    return signals;
  }

  /** Blocks until the first signal, or until {@code other} completes; returns what happened. */
  String awaitFirstOr(CompletableFuture<String> other) throws InterruptedException, ExecutionException {
    return (String) CompletableFuture.anyOf(first, other).get();
  }
}
