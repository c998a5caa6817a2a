package dev.berth.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether what a command printed is what the docs show: each documented line, in order, within a
 * line of the real output. Measured figures and the parts that differ between machines and runs
 * vary, so numbers (with their units) match any number, and {@code ...} lines stand for lines left
 * out.
 */
final class DocOutput {

  /** A number as the docs and berth write them ({@code 12,345}, {@code 1.5}, {@code 377µs}, {@code 14.7 MB/s}). */
  private static final Pattern NUMBER = Pattern.compile(
      "\\d[\\d,.]*\\s?(?:ns|µs|us|ms|s|m|h|B|KiB|MiB|GiB|MB/s|msg/s|%)?(?![\\w])");

  private DocOutput() {}

  /** The first documented line not found, in order, in {@code actual}; empty when all are. */
  static Optional<String> missing(List<String> documented, List<String> actual) {
    int at = 0;
    for (String line : documented) {
      String expected = normalize(line);
      if (expected.isEmpty() || expected.equals("...") || expected.equals("…")) {
        continue;
      }
      while (at < actual.size() && !normalize(actual.get(at)).contains(expected)) {
        at++;
      }
      if (at == actual.size()) {
        return Optional.of(line);
      }
      at++;
    }
    return Optional.empty();
  }

  static String normalize(String line) {
    return NUMBER.matcher(line).replaceAll("#").replaceAll("\\s+", " ").strip();
  }
}
