package dev.berth.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The {@code --config} YAML file: a mapping whose keys are the long option names.
 *
 * <pre>
 * port: 12345
 * max-frame: 1MiB
 * listeners:                 # the --listen option, as a list of maps
 *   - port: 12346
 *     framing: length
 * </pre>
 *
 * <p>The file is composed into YAML nodes, not constructed into Java objects: each value is taken
 * as the text written (so {@code 1MiB} and {@code 030} reach the option's parser as typed, the
 * same as from a flag or the environment), and each node keeps its line for error messages.
 */
public final class ConfigFile {

  /** The option naming the file; also read from {@code BERTH_CONFIG}. */
  public static final ConfigKey<Path> KEY = new ConfigKey<>("config", "FILE", null,
      "YAML file of options, keyed by long option name (also BERTH_CONFIG).",
      text -> Path.of(Parsers.text(text)));

  /** The file's key for {@code --listen}: a list of listeners. */
  static final String LISTENERS = "listeners";

  private ConfigFile() {}

  /**
   * Resolves {@code keys} from flags, the environment, the file named by {@code --config} (or
   * else {@code BERTH_CONFIG}) and the defaults, in that order of precedence.
   */
  public static Settings resolve(
      List<ConfigKey<?>> keys, Map<String, String> flags, Map<String, String> environment) {
    return Settings.resolve(keys, flags, environment, named(flags, environment));
  }

  private static List<Setting> named(Map<String, String> flags, Map<String, String> environment) {
    String flag = flags.get(KEY.name());
    if (flag != null) {
      return readNamed(flag, "--" + KEY.name());
    }
    String variable = environment.get(KEY.environmentVariable());
    if (variable != null) {
      return readNamed(variable, KEY.environmentVariable());
    }
    return List.of();
  }

  private static List<Setting> readNamed(String pathText, String namedBy) {
    Path path;
    try {
      path = KEY.parser().apply(pathText);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(namedBy + ": " + e.getMessage());
    }
    return read(path, namedBy);
  }

  /**
   * The settings written in {@code path}, each with its file and line as source.
   *
   * @param namedBy where the path came from ({@code --config}), for an error about the file itself
   */
  public static List<Setting> read(Path path, String namedBy) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(namedBy + ": no such file: \"" + path + "\"");
    } catch (AccessDeniedException e) {
      throw new ConfigException(namedBy + ": cannot read \"" + path + "\": permission denied");
    } catch (MalformedInputException e) {
      throw new ConfigException(namedBy + ": \"" + path + "\" is not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(namedBy + ": cannot read \"" + path + "\": " + e.getMessage());
    }
    return parse(text, path.toString());
  }

  /** The settings in YAML {@code text}; {@code label} names it in sources, e.g. {@code berth.yaml}. */
  static List<Setting> parse(String text, String label) {
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw syntaxError(text, label, e);
    } catch (YamlEngineException e) {
      throw new ConfigException(label + ": not valid YAML: " + e.getMessage());
    }
    if (root.isEmpty()) {
      return List.of();
    }
    if (!(root.get() instanceof MappingNode)) {
      throw new ConfigException(label + ": line " + line(root.get())
          + ": expected option: value lines, e.g. \"port: 12345\"");
    }
    List<Setting> settings = new ArrayList<>();
    Map<String, Integer> firstLines = new HashMap<>();
    for (NodeTuple entry : ((MappingNode) root.get()).getValue()) {
      settings.add(setting(entry, label, firstLines));
    }
    return settings;
  }

  private static Setting setting(NodeTuple entry, String label, Map<String, Integer> firstLines) {
    Node keyNode = entry.getKeyNode();
    int line = line(keyNode);
    String source = label + ": line " + line;
    if (!(keyNode instanceof ScalarNode)) {
      throw new ConfigException(source + ": expected an option name, e.g. \"port\"");
    }
    String key = ((ScalarNode) keyNode).getValue();
    Integer first = firstLines.putIfAbsent(key, line);
    if (first != null) {
      throw new ConfigException(source + ": " + key + ": set twice (first on line " + first + ")");
    }
    if (key.equals(KEY.name())) {
      throw new ConfigException(source + ": " + key
          + ": a file cannot name another (give the file with --config or BERTH_CONFIG)");
    }
    Node value = entry.getValueNode();
    if (key.equals(LISTENERS)) {
      return new Setting(ServerOptions.LISTEN.name(), listeners(value, source), source);
    }
    if (!(value instanceof ScalarNode)) {
      throw new ConfigException(source + ": " + key + ": expected one value, not a "
          + (value instanceof MappingNode ? "mapping" : "list"));
    }
    if (value.getTag().equals(Tag.NULL)) {
      throw new ConfigException(source + ": " + key + ": no value (delete the line to use the default)");
    }
    return new Setting(key, ((ScalarNode) value).getValue(), source);
  }

  /**
   * The {@code listeners:} list as {@code --listen} SPECs, one a line, so that the file, the flags
   * and the environment share one parser.
   */
  private static String listeners(Node list, String source) {
    if (!(list instanceof SequenceNode)) {
      throw new ConfigException(source + ": " + LISTENERS + ": expected a list of listeners, e.g. \"- port: 12346\"");
    }
    StringBuilder specs = new StringBuilder();
    for (Node item : ((SequenceNode) list).getValue()) {
      String where = source.substring(0, source.lastIndexOf("line ")) + "line " + line(item) + ": " + LISTENERS;
      if (!(item instanceof MappingNode)) {
        throw new ConfigException(where + ": expected a map of listener keys, e.g. \"port: 12346\"");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (NodeTuple pair : ((MappingNode) item).getValue()) {
        if (!(pair.getKeyNode() instanceof ScalarNode) || !(pair.getValueNode() instanceof ScalarNode)) {
          throw new ConfigException(where + ": expected key: value lines, e.g. \"framing: length\"");
        }
        values.put(((ScalarNode) pair.getKeyNode()).getValue(), ((ScalarNode) pair.getValueNode()).getValue());
      }
      specs.append(ListenerSpec.of(values)).append('\n');
    }
    return specs.toString();
  }

  /** Names the line and quotes it, since the parser's own wording can be cryptic. */
  private static ConfigException syntaxError(String text, String label, MarkedYamlEngineException e) {
    Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
    String problem = e.getProblem() != null ? e.getProblem() : "syntax error";
    if (mark.isEmpty()) {
      return new ConfigException(label + ": not valid YAML: " + problem);
    }
    int line = mark.get().getLine();
    String lineText = text.lines().skip(line).findFirst().orElse("").strip();
    return new ConfigException(label + ": line " + (line + 1) + ": not valid YAML: " + problem
        + (lineText.isEmpty() ? "" : ": \"" + lineText + "\""));
  }

  private static int line(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }
}
