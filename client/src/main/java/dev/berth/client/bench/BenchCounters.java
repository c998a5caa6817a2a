package dev.berth.client.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Errors by kind and resent messages, counted from every event loop; errors are rare, so adders suffice. */
final class BenchCounters {

  private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
  private final LongAdder resent = new LongAdder();
  private final LongAdder datagramsSent = new LongAdder();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();

  BenchCounters() {
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind, new LongAdder());
    }
  }

  /** Counts {@code count} errors of {@code kind}; the first error of the run is kept as an example. */
  void error(ErrorKind kind, long count, String detail) {
    errors.get(kind).add(count);
    firstProblem.compareAndSet(null, kind.label() + ": " + detail);
  }

  void resent(long count) {
    resent.add(count);
  }

  long resent() {
    return resent.sum();
  }

  /** Adds a UDP sender's datagrams once it has stopped. */
  void datagramsSent(long count) {
    datagramsSent.add(count);
  }

  long datagramsSent() {
    return datagramsSent.sum();
  }

  long errors() {
    long total = 0;
    for (LongAdder adder : errors.values()) {
      total += adder.sum();
    }
    return total;
  }

  Map<ErrorKind, Long> snapshot() {
    Map<ErrorKind, Long> copy = new EnumMap<>(ErrorKind.class);
    errors.forEach((kind, adder) -> copy.put(kind, adder.sum()));
    return copy;
  }

  /** The first error of the run, e.g. {@code "refused: connection refused"}, or {@code null}. */
  String firstProblem() {
    return firstProblem.get();
  }
}
