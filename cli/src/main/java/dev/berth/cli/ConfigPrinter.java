package dev.berth.cli;

import dev.berth.config.ConfigKey;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.config.ServerOptions;
import dev.berth.config.Setting;
import dev.berth.config.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --print-config}: one line per option with its effective value and where it came from,
 * in three aligned columns:
 *
 * <pre>
 * port          7000      berth.yaml: line 2
 * io-threads    8         default (number of cores)
 * </pre>
 *
 * then each listener the options make, as it will serve:
 *
 * <pre>
 * listener tcp-7000  0.0.0.0:7000  framing=line mode=echo tls=off proxy-protocol=off greeting=none
 * </pre>
 */
final class ConfigPrinter {

  /** Options whose default is worked out at start, with how. */
  private static final Map<ConfigKey<?>, Function<ServerConfig, String>> COMPUTED = Map.of(
      ServerOptions.IO_THREADS, config -> Integer.toString(config.ioThreads()),
      ServerOptions.INSTANCE_ID, ServerConfig::instanceId,
      ServerOptions.GREETING, config -> config.greeting() == null ? "none" : config.greeting(),
      ServerOptions.REUSE_PORT, config -> "auto");

  private static final Map<ConfigKey<?>, String> HOW = Map.of(
      ServerOptions.IO_THREADS, "default (number of cores)",
      ServerOptions.INSTANCE_ID, "default (<hostname>-<pid>)",
      ServerOptions.GREETING, "default",
      ServerOptions.REUSE_PORT, "default (on where the OS has it)");

  private ConfigPrinter() {}

  static void print(Settings settings, ServerConfig config, PrintWriter out) {
    List<Setting> all = settings.describe();
    String[][] rows = new String[all.size()][];
    int keyWidth = 0;
    int valueWidth = 0;
    for (int i = 0; i < all.size(); i++) {
      rows[i] = row(all.get(i), config);
      keyWidth = Math.max(keyWidth, rows[i][0].length());
      valueWidth = Math.max(valueWidth, rows[i][1].length());
    }
    for (String[] row : rows) {
      out.println(String.format("%-" + keyWidth + "s  %-" + valueWidth + "s  %s", (Object[]) row).stripTrailing());
    }
    out.println();
    int nameWidth = config.listeners().stream().mapToInt(listener -> listener.name().length()).max().orElse(0);
    int addressWidth = config.listeners().stream().mapToInt(listener -> listener.address().length()).max().orElse(0);
    for (ListenerConfig listener : config.listeners()) {
      out.println(String.format("listener %-" + nameWidth + "s  %-" + addressWidth + "s  framing=%s mode=%s tls=%s "
              + "proxy-protocol=%s greeting=%s", listener.name(), listener.address(), listener.framingName(),
          listener.mode().optionName(), listener.tls() ? "on" : "off", listener.proxyProtocol().optionName(),
          listener.greeting() == null ? "none" : quoted(listener.greeting())));
    }
    out.flush();
  }

  private static String[] row(Setting setting, ServerConfig config) {
    if (!setting.source().equals("unset")) {
      return new String[] {setting.key(), quoted(setting.value()), setting.source()};
    }
    ConfigKey<?> key = ServerOptions.ALL.stream()
        .filter(candidate -> candidate.name().equals(setting.key())).findFirst().orElseThrow();
    Function<ServerConfig, String> computed = COMPUTED.get(key);
    if (computed == null) {
      return new String[] {setting.key(), "none", "default"};
    }
    return new String[] {setting.key(), quoted(computed.apply(config)), HOW.get(key)};
  }

  /** Quotes a value that is empty or has spaces, so each line still splits into its columns. */
  private static String quoted(String value) {
    if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"')) {
      return value;
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
