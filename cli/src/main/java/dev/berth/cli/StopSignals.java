package dev.berth.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT. The first asks the command to stop gracefully (a server drains, a bench ends
 * its measured time and reports); a second one, for an operator who does not want to wait, ends
 * the process at once.
 */
final class StopSignals {

  private final CompletableFuture<Signal> first = new CompletableFuture<>();

  private StopSignals() {}

  /** Takes over SIGTERM and SIGINT from the JVM's default (which would exit without a drain). */
  static StopSignals install() {
    StopSignals signals = new StopSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (!signals.first.complete(signal)) {
          System.err.println("berth: second SIG" + signal.getName() + ": stopping now");
          Runtime.getRuntime().halt(ExitCodes.FAILURE);
        }
      });
    }
    return signals;
  }

  /** Blocks until the first signal, or until {@code other} completes; returns what happened. */
  String awaitFirstOr(CompletableFuture<String> other) throws InterruptedException, ExecutionException {
    return (String) CompletableFuture.anyOf(first.thenApply(StopSignals::name), other).get();
  }

  /** Runs {@code action} with the first signal's name (e.g. {@code SIGTERM}) when it arrives. */
  void onFirst(Consumer<String> action) {
    first.thenAccept(signal -> action.accept(name(signal)));
  }

  /**
   * The exit status of a command that a signal ended early, as shells report one killed by it:
   * 128 + its number (130 for SIGINT, 143 for SIGTERM); {@code otherwise} when none came.
   */
  int exitStatusOr(int otherwise) {
    Signal signal = first.getNow(null);
    return signal == null ? otherwise : 128 + signal.getNumber();
  }

  private static String name(Signal signal) {
    return "SIG" + signal.getName();
  }
}
