package dev.berth.config;

import java.util.Arrays;

/**
 * Bad configuration: a usage error whose message names the key and where its value came from.
 *
 * <p>A configuration record checks its values where it is built, without knowing where they came
 * from: it throws {@link #invalid}, naming the key (and any other key the check involves). {@code
 * from(Settings)} then {@link #placedIn places} the error, so the message says where each value
 * was set: {@code --port: 70000 (expected: 0..65535)}, {@code berth.yaml: line 4: port: ...}.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String detail;
  private final String[] related;

  public ConfigException(String message) {
    this(null, message, new String[0], message);
  }

  private ConfigException(String key, String detail, String[] related, String message) {
    super(message);
    this.key = key;
    this.detail = detail;
    this.related = related;
  }

  /**
   * A bad value of {@code key}.
   *
   * @param detail what is wrong, e.g. {@code 70000 (expected: 0..65535)}; one {@code %s} for each
   *     of {@code related}, where the message says where that key's value came from
   * @param related other keys the check involves, e.g. {@code framing} for a mode that needs it
   */
  public static ConfigException invalid(String key, String detail, String... related) {
    Object[] unplaced = new Object[related.length];
    Arrays.fill(unplaced, "");
    return new ConfigException(key, detail, related, key + ": " + String.format(detail, unplaced));
  }

  /** This error with every key it names replaced by where its value was set in {@code settings}. */
  public ConfigException placedIn(Settings settings) {
    if (key == null) {
      return this;
    }
    Object[] sources = new Object[related.length];
    for (int i = 0; i < related.length; i++) {
      // A key nobody set has no source worth naming.
      sources[i] = settings.isSet(related[i]) ? " (" + settings.sourceOf(related[i]) + ")" : "";
    }
    return new ConfigException(key, detail, related, settings.sourceOf(key) + ": " + String.format(detail, sources));
  }
}
