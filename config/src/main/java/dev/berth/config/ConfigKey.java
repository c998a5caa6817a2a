package dev.berth.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration option: its long name (also the YAML key), how to parse it, its default and
 * its help text. The command line, the environment and the file are all read through these.
 *
 * @param name the long option name without dashes, e.g. {@code max-frame}
 * @param label the parameter label in help, e.g. {@code SIZE}; {@code null} for a switch
 * @param defaultValue the default as it would be written, or {@code null} when computed or unset
 * @param description help text, including how a computed default is chosen
 * @param parser turns the text into a value, throwing {@link IllegalArgumentException} when it cannot
 * @param repeatable whether the option may be given several times ({@code --listen}); its value is
 *     then every occurrence, one per line, and a layer that sets it replaces a lower layer's
 */
public record ConfigKey<T>(
    String name, String label, String defaultValue, String description, Function<String, T> parser,
    boolean repeatable) {

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parser, "parser");
  }

  /** An option given at most once. */
  public ConfigKey(String name, String label, String defaultValue, String description, Function<String, T> parser) {
    this(name, label, defaultValue, description, parser, false);
  }

  /** A switch: a boolean option given as {@code --name} / {@code --no-name} on the command line. */
  public boolean isSwitch() {
    return label == null;
  }

  /** The environment variable that sets this key, e.g. {@code BERTH_MAX_FRAME}. */
  public String environmentVariable() {
    return "BERTH_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
