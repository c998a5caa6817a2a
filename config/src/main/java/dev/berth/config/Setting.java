package dev.berth.config;

/**
 * A raw configuration value and where it came from.
 *
 * @param key the option name
 * @param value the value as written
 * @param source where it was written, as a person would look for it: {@code --port},
 *     {@code BERTH_PORT}, {@code berth.yaml: line 4} or {@code default}
 */
public record Setting(String key, String value, String source) {

  /** The prefix of an error about this value, e.g. {@code berth.yaml: line 4: max-frame}. */
  String errorPrefix() {
    if (source.startsWith("--") || source.startsWith("BERTH_")) {
      return source;
    }
    return source + ": " + key;
  }
}
