package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@code --listen} SPEC: comma-separated {@code key=value} pairs in the style of {@code docker
 * run --mount}, e.g. {@code port=12346,framing=length,mode=reverse}. A value with a comma, a
 * double quote or an equals sign is written in double quotes, a quote inside as two:
 * {@code greeting="Hello, {client}"}. Keys a SPEC does not set come from the top-level options.
 */
public final class ListenerSpec {

  /** The keys a SPEC may set, as in the contract: the listener's own, and the fault keys. */
  public static final List<String> KEYS = Stream.concat(
      Stream.of("name", "protocol", "host", "port", "framing", "mode", "greeting", "tls", "proxy-protocol"),
      FaultSettings.KEYS.stream()).toList();

  private ListenerSpec() {}

  /**
   * The listener {@code spec} describes; {@code defaults} gives every key it does not set (its
   * greeting is the template as given, {@code null} when none).
   *
   * @throws ConfigException naming the SPEC and the key, e.g. {@code listen: "port=x": port: not a number: "x"}
   */
  public static ListenerConfig parse(String spec, ListenerConfig defaults) {
    try {
      Map<String, String> pairs = pairs(spec);
      ListenerProtocol protocol = value(pairs, "protocol", ListenerProtocol::fromOptionName, defaults.protocol());
      boolean udp = protocol == ListenerProtocol.UDP;
      int port = value(pairs, "port", Parsers::integer, defaults.port());
      Mode mode = value(pairs, "mode", Mode::fromOptionName, defaults.mode());
      Map<String, String> faults = new LinkedHashMap<>(pairs);
      faults.keySet().retainAll(FaultSettings.KEYS);
      return withGreetingDefault(new ListenerConfig(
          pairs.getOrDefault("name", ListenerConfig.defaultName(protocol, port)),
          protocol,
          value(pairs, "host", Parsers::text, defaults.host()),
          port,
          value(pairs, "framing", Framing::fromOptionName, defaults.framing()),
          mode,
          pairs.getOrDefault("greeting", defaults.greeting()),
          // TLS and PROXY headers are for TCP: a UDP listener does not take them from the defaults.
          value(pairs, "tls", Parsers::bool, !udp && defaults.tls()),
          value(pairs, "proxy-protocol", ProxyProtocol::fromOptionName, udp ? ProxyProtocol.OFF : defaults.proxyProtocol()),
          defaults.faults().with(faults)));
    } catch (ConfigException e) {
      throw ConfigException.invalid("listen", quoted(spec) + ": " + e.getMessage());
    }
  }

  /** In hello mode a listener without a greeting greets with {@code Welcome!}. */
  static ListenerConfig withGreetingDefault(ListenerConfig listener) {
    if (listener.greeting() != null || listener.mode() != Mode.HELLO) {
      return listener;
    }
    return new ListenerConfig(listener.name(), listener.protocol(), listener.host(), listener.port(),
        listener.framing(), listener.mode(), "Welcome!", listener.tls(), listener.proxyProtocol(), listener.faults());
  }

  private static <T> T value(Map<String, String> pairs, String key, Function<String, T> parser, T otherwise) {
    String text = pairs.get(key);
    if (text == null) {
      return otherwise;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }

  /** The pairs of {@code spec}, in order; an unknown or repeated key is an error. */
  static Map<String, String> pairs(String spec) {
    Map<String, String> pairs = new LinkedHashMap<>();
    int i = 0;
    while (i < spec.length()) {
      int equals = spec.indexOf('=', i);
      if (equals < 0) {
        throw new ConfigException("expected key=value, found \"" + spec.substring(i) + "\"");
      }
      String key = spec.substring(i, equals).strip();
      if (!KEYS.contains(key)) {
        throw new ConfigException("unknown key \"" + key + "\" (expected: " + String.join(", ", KEYS) + ")");
      }
      StringBuilder value = new StringBuilder();
      i = equals + 1;
      if (i < spec.length() && spec.charAt(i) == '"') {
        i = quotedValue(spec, i + 1, value);
      } else {
        int comma = spec.indexOf(',', i);
        int end = comma < 0 ? spec.length() : comma;
        value.append(spec, i, end);
        i = end;
      }
      if (i < spec.length()) {
        if (spec.charAt(i) != ',') {
          throw new ConfigException(key + ": text after the closing quote (expected: a comma)");
        }
        i++;
      }
      if (pairs.put(key, value.toString()) != null) {
        throw new ConfigException(key + ": set twice");
      }
    }
    if (pairs.isEmpty()) {
      throw new ConfigException("empty (expected: key=value pairs, e.g. port=12346,framing=length)");
    }
    return pairs;
  }

  /** Reads a quoted value from {@code start} (just past the opening quote); returns where it ends. */
  private static int quotedValue(String spec, int start, StringBuilder value) {
    int i = start;
    while (i < spec.length()) {
      char c = spec.charAt(i++);
      if (c != '"') {
        value.append(c);
      } else if (i < spec.length() && spec.charAt(i) == '"') {
        value.append('"');
        i++;
      } else {
        return i;
      }
    }
    throw new ConfigException("a quote is not closed");
  }

  /** {@code spec} quoted for an error message. */
  static String quoted(String spec) {
    return "\"" + spec.replace("\"", "\\\"") + "\"";
  }

  /**
   * A SPEC for {@code values}, quoting where needed: how a YAML {@code listeners:} entry joins the
   * flags and the environment, which give SPECs.
   */
  static String of(Map<String, String> values) {
    StringBuilder spec = new StringBuilder();
    values.forEach((key, value) -> {
      if (spec.length() > 0) {
        spec.append(',');
      }
      spec.append(key).append('=');
      boolean quote = value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '=');
      spec.append(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
    });
    return spec.toString();
  }
}
