package dev.berth.cli;

import dev.berth.config.ConfigKey;
import dev.berth.config.Durations;
import dev.berth.config.Parsers;
import dev.berth.config.Sizes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns the configuration keys into picocli options, and the options a user typed back into
 * flags, so the config module's one table drives the command line, the environment and the file.
 */
final class ConfigFlags {

  private ConfigFlags() {}

  /** Adds an option for each key: {@code --name VALUE}, or {@code --name/--no-name} for a switch. */
  static void addOptions(CommandSpec spec, List<ConfigKey<?>> keys) {
    for (ConfigKey<?> key : keys) {
      String description = key.description() + (key.defaultValue() == null ? ""
          : " Default: " + (key.isSwitch() ? (Parsers.bool(key.defaultValue()) ? "on" : "off") : key.defaultValue()) + ".");
      // picocli reads a description as a format: a % in the text (0.1%) is kept as it is.
      OptionSpec.Builder option = OptionSpec.builder("--" + key.name()).description(description.replace("%", "%%"));
      if (key.isSwitch()) {
        option.type(Boolean.class).arity("0").negatable(true);
      } else if (key.repeatable()) {
        option.type(List.class).auxiliaryTypes(String.class).paramLabel(key.label());
      } else {
        option.type(String.class).paramLabel(key.label());
      }
      spec.addOption(option.build());
    }
  }

  /**
   * The help footer of a command whose options also come from the environment, e.g. for {@code
   * BERTH_TIMEOUT=5s}: how the variables are named, and which source wins.
   */
  static String environmentFooter(ConfigKey<?> example, String value) {
    return "%nEvery option can also be set in the environment as BERTH_<OPTION> (upper case, - as _), e.g. "
        + example.environmentVariable() + "=" + value + "; a switch takes true or false (BERTH_RESEND=false). "
        + "A flag on the command line wins over the environment.";
  }

  /** The help footer that says how sizes and durations are written, for every command with such options. */
  static String valuesFooter() {
    return "%nSizes: " + Sizes.SYNTAX + ".%nDurations: " + Durations.SYNTAX + ".";
  }

  /** The values given on the command line for {@code keys}, by key name, as written. */
  static Map<String, String> given(ParseResult parseResult, List<ConfigKey<?>> keys) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (ConfigKey<?> key : keys) {
      OptionSpec option = parseResult.matchedOption("--" + key.name());
      if (option == null) {
        continue;
      }
      if (key.isSwitch()) {
        flags.put(key.name(), String.valueOf(Boolean.TRUE.equals(option.getValue())));
      } else {
        List<String> values = option.originalStringValues();
        // Every occurrence of a repeatable option, one a line; of the others, the last.
        flags.put(key.name(), key.repeatable() ? String.join("\n", values) : values.get(values.size() - 1));
      }
    }
    return flags;
  }
}
