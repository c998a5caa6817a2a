package dev.berth.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration values resolved from every source, highest precedence first: command-line flags,
 * then {@code BERTH_*} environment variables, then the {@code --config} file, then defaults.
 */
public final class Settings {

  private final List<ConfigKey<?>> keys;
  private final Map<String, Setting> resolved;

  private Settings(List<ConfigKey<?>> keys, Map<String, Setting> resolved) {
    this.keys = keys;
    this.resolved = resolved;
  }

  /**
   * Resolves {@code keys} from the given layers.
   *
   * @param flags values given on the command line, by option name
   * @param environment the process environment (only {@code BERTH_*} variables are read)
   * @param file values read from the configuration file, or an empty list
   * @throws ConfigException when the file names a key that does not exist
   */
  public static Settings resolve(
      List<ConfigKey<?>> keys, Map<String, String> flags, Map<String, String> environment, List<Setting> file) {
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    keys.forEach(key -> byName.put(key.name(), key));
    Map<String, Setting> resolved = new LinkedHashMap<>();
    for (ConfigKey<?> key : keys) {
      if (key.defaultValue() != null) {
        resolved.put(key.name(), new Setting(key.name(), key.defaultValue(), "default"));
      }
    }
    for (Setting setting : file) {
      if (!byName.containsKey(setting.key())) {
        throw new ConfigException(setting.source() + ": unknown key \"" + setting.key() + "\"");
      }
      resolved.put(setting.key(), setting);
    }
    for (ConfigKey<?> key : keys) {
      String value = environment.get(key.environmentVariable());
      if (value != null) {
        resolved.put(key.name(), new Setting(key.name(), value, key.environmentVariable()));
      }
    }
    flags.forEach((name, value) -> {
      if (!byName.containsKey(name)) {
        throw new ConfigException("--" + name + ": unknown option");
      }
      resolved.put(name, new Setting(name, value, "--" + name));
    });
    return new Settings(List.copyOf(keys), resolved);
  }

  /**
   * {@code keys} resolved from option name/value pairs given as flags, and defaults: how tests and
   * programs that embed berth build a configuration, e.g. {@code fromPairs(keys, "port", "0")}.
   */
  public static Settings fromPairs(List<ConfigKey<?>> keys, String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("nameValuePairs: " + nameValuePairs.length + " (expected: an even number)");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      flags.put(nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return resolve(keys, flags, Map.of(), List.of());
  }

  /** The parsed value of {@code key}, or {@code null} when no source set it and it has no default. */
  public <T> T get(ConfigKey<T> key) {
    Setting setting = resolved.get(key.name());
    if (setting == null) {
      return null;
    }
    try {
      return key.parser().apply(setting.value());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting.errorPrefix() + ": " + e.getMessage());
    }
  }

  /** Where {@code key}'s value came from, as an error message starts: {@code --port}, {@code berth.yaml: line 4: port}. */
  public String sourceOf(ConfigKey<?> key) {
    return sourceOf(key.name());
  }

  /** Whether a source set the key named {@code name}: a flag, the environment, the file or a default. */
  public boolean isSet(String name) {
    return resolved.containsKey(name);
  }

  /** The same, for the key named {@code name}. */
  public String sourceOf(String name) {
    Setting setting = resolved.get(name);
    return setting == null ? "default" : setting.errorPrefix();
  }

  /** Every key with its value and source, in declaration order, for {@code --print-config}. */
  public List<Setting> describe() {
    List<Setting> all = new ArrayList<>();
    for (ConfigKey<?> key : keys) {
      Setting setting = resolved.get(key.name());
      all.add(setting != null ? setting : new Setting(key.name(), "", "unset"));
    }
    return Collections.unmodifiableList(all);
  }
}
