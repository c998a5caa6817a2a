package dev.berth.cli;

import dev.berth.config.ConfigException;
import java.util.List;

/** The request line of a {@code berth ctl} command, as the server reads it ({@code BERTH/1 ...}). */
final class CtlRequest {

  private CtlRequest() {}

  /**
   * The line for {@code words} ({@code status}, {@code faults set delay=10ms}, ...).
   *
   * @param listener the listener a faults command is for; {@code null} for every one
   * @throws ConfigException when the words are not a command
   */
  static String of(List<String> words, String listener, boolean json) {
    String command = words.get(0);
    List<String> rest = words.subList(1, words.size());
    String target = listener == null ? "*" : listener;
    String format = json ? " JSON" : "";
    switch (command) {
      case "status":
        return line("STATUS" + format, rest, command);
      case "drain":
        return line("DRAIN", rest, command);
      case "reload-tls":
        return line("RELOAD-TLS", rest, command);
      case "faults":
        return faults(rest, target, format);
      default:
        throw new ConfigException("unknown command '" + command
            + "' (expected status, drain, reload-tls or faults; see 'berth ctl --help')");
    }
  }

  private static String faults(List<String> words, String target, String format) {
    if (words.isEmpty()) {
      return "FAULTS " + target + format;
    }
    List<String> rest = words.subList(1, words.size());
    switch (words.get(0)) {
      case "set":
        if (rest.isEmpty()) {
          throw new ConfigException("faults set needs KEY=VALUE... (e.g. 'berth ctl faults set delay=100ms')");
        }
        for (String pair : rest) {
          if (pair.isBlank() || pair.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("not a fault: '" + pair + "' (KEY=VALUE, no spaces)");
          }
        }
        return "FAULTS-SET " + target + " " + String.join(" ", rest);
      case "clear":
        return line("FAULTS-CLEAR " + target, rest, "faults clear");
      default:
        throw new ConfigException("unknown faults command '" + words.get(0) + "' (expected set or clear, or none "
            + "to print them)");
    }
  }

  private static String line(String request, List<String> rest, String command) {
    if (!rest.isEmpty()) {
      throw new ConfigException("unexpected argument '" + rest.get(0) + "' after " + command);
    }
    return request;
  }
}
