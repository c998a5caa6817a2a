package dev.berth.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How enum choices are written on the command line and in configuration: lower case, e.g.
 * {@code io_uring}, and parsed back with an error that lists the choices.
 */
public final class OptionNames {

  private OptionNames() {}

  /** The option name of {@code value}, e.g. {@code length} for {@code Framing.LENGTH}. */
  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of {@code type} named {@code name}; otherwise an {@link IllegalArgumentException}
   * such as {@code not a framing: "lenght" (expected: line, length or raw)}.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
    for (E value : type.getEnumConstants()) {
      if (of(value).equals(name)) {
        return value;
      }
    }
    List<String> choices = Arrays.stream(type.getEnumConstants()).map(OptionNames::of).collect(Collectors.toList());
    String expected = String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
    throw new IllegalArgumentException("not a " + what + ": \"" + name + "\" (expected: " + expected + ")");
  }
}
