package dev.berth.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether what a command printed is what the docs show: each documented line, in order, within a
 * line of the real output. Measured figures and the parts that differ between machines and runs
 * vary, so numbers (with their units) match any number, {@code ...} lines stand for lines left
 * out, and {@code ...} within a line for text left out of it (a fingerprint, a date, a host name),
 * the parts around it still in their order.
 */
final class DocOutput {

  /** A number as the docs and berth write them ({@code 12,345}, {@code 1.5}, {@code 377µs}, {@code 14.7 MB/s}). */
  private static final Pattern NUMBER = Pattern.compile(
      "\\d[\\d,.]*\\s?(?:ns|µs|us|ms|s|m|h|B|KiB|MiB|GiB|MB/s|msg/s|%)?(?![\\w])");

  /** Text left out, on a line of its own or within one. */
  private static final Pattern LEFT_OUT = Pattern.compile("\\.\\.\\.|…");

  private DocOutput() {}

  /** The first documented line not found, in order, in {@code actual}; empty when all are. */
  static Optional<String> missing(List<String> documented, List<String> actual) {
    int at = 0;
    for (String line : documented) {
      List<String> parts = LEFT_OUT.splitAsStream(line).map(DocOutput::normalize)
          .filter(part -> !part.isEmpty()).toList();
      if (parts.isEmpty()) {
        continue;
      }
      while (at < actual.size() && !containsInOrder(normalize(actual.get(at)), parts)) {
        at++;
      }
      if (at == actual.size()) {
        return Optional.of(line);
      }
      at++;
    }
    return Optional.empty();
  }

  private static boolean containsInOrder(String line, List<String> parts) {
    int from = 0;
    for (String part : parts) {
      int found = line.indexOf(part, from);
      if (found < 0) {
        return false;
      }
      from = found + part.length();
    }
    return true;
  }

  static String normalize(String line) {
    return NUMBER.matcher(line).replaceAll("#").replaceAll("\\s+", " ").strip();
  }
}
