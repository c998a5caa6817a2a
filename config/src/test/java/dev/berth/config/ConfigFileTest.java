package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code --config} file, and the precedence flags > environment > file > defaults. */
class ConfigFileTest {

  @TempDir
  Path dir;

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private Settings resolve(Map<String, String> flags, Map<String, String> environment) {
    return ConfigFile.resolve(ServerOptions.ALL, flags, environment);
  }

  @Test
  void readsEachValueAsWrittenWithItsLine() throws IOException {
    Path file = write("berth.yaml", "# berth\nport: 7000\n\nmax-frame: 1MiB\ngreeting: \"hi {instance}\"\nreuse-port: off\n");

    List<Setting> settings = ConfigFile.read(file, "--config");

    assertThat(settings).containsExactly(
        new Setting("port", "7000", file + ": line 2"),
        new Setting("max-frame", "1MiB", file + ": line 4"),
        new Setting("greeting", "hi {instance}", file + ": line 5"),
        new Setting("reuse-port", "off", file + ": line 6"));
  }

  @Test
  void anEmptyFileOrOneOfCommentsSetsNothing() throws IOException {
    assertThat(ConfigFile.read(write("empty.yaml", ""), "--config")).isEmpty();
    assertThat(ConfigFile.read(write("comments.yaml", "# nothing here\n"), "--config")).isEmpty();
  }

  @Test
  void theFileIsNamedByTheFlagOrElseByBerthConfig() throws IOException {
    Path fromFlag = write("flag.yaml", "port: 1001\n");
    Path fromEnvironment = write("env.yaml", "port: 1002\n");

    Settings both = resolve(Map.of("config", fromFlag.toString()), Map.of("BERTH_CONFIG", fromEnvironment.toString()));
    Settings environmentOnly = resolve(Map.of(), Map.of("BERTH_CONFIG", fromEnvironment.toString()));

    assertThat(both.get(ServerOptions.PORT)).isEqualTo(1001);
    assertThat(both.sourceOf(ServerOptions.CONFIG)).isEqualTo("--config");
    assertThat(environmentOnly.get(ServerOptions.PORT)).isEqualTo(1002);
    assertThat(environmentOnly.sourceOf(ServerOptions.PORT)).isEqualTo(fromEnvironment + ": line 1: port");
  }

  /** Every combination of the three layers setting {@code port}: the highest one present wins. */
  static Stream<Arguments> layers() {
    return Stream.of(
        Arguments.of(false, false, false, 12345, "default"),
        Arguments.of(true, false, false, 3000, "berth.yaml: line 1"),
        Arguments.of(false, true, false, 4000, "BERTH_PORT"),
        Arguments.of(true, true, false, 4000, "BERTH_PORT"),
        Arguments.of(false, false, true, 5000, "--port"),
        Arguments.of(true, false, true, 5000, "--port"),
        Arguments.of(false, true, true, 5000, "--port"),
        Arguments.of(true, true, true, 5000, "--port"));
  }

  @ParameterizedTest(name = "file={0} env={1} flag={2} -> {3}")
  @MethodSource("layers")
  void theHighestLayerThatSetsAValueWins(
      boolean inFile, boolean inEnvironment, boolean inFlags, int expected, String expectedSource)
      throws IOException {
    Path file = write("berth.yaml", inFile ? "port: 3000\n" : "host: 127.0.0.1\n");
    Map<String, String> flags = new HashMap<>(Map.of("config", file.toString()));
    Map<String, String> environment = new HashMap<>();
    if (inEnvironment) {
      environment.put("BERTH_PORT", "4000");
    }
    if (inFlags) {
      flags.put("port", "5000");
    }

    Settings settings = resolve(flags, environment);

    assertThat(settings.get(ServerOptions.PORT)).isEqualTo(expected);
    Setting port = settings.describe().stream().filter(s -> s.key().equals("port")).findFirst().orElseThrow();
    assertThat(port.source()).isEqualTo(expectedSource.replace("berth.yaml", file.toString()));
  }

  /** A valid value for every server option, different from its default. */
  private static final Map<String, String> SAMPLES = new LinkedHashMap<>();

  static {
    SAMPLES.put("host", "127.0.0.2");
    SAMPLES.put("port", "7001");
    SAMPLES.put("framing", "length");
    SAMPLES.put("mode", "reverse");
    SAMPLES.put("greeting", "hi");
    SAMPLES.put("listen", "port=7003,framing=line");
    SAMPLES.put("proxy-protocol", "v1");
    SAMPLES.put("delay", "20ms..80ms");
    SAMPLES.put("drop-rate", "0.01");
    SAMPLES.put("close-after", "10");
    SAMPLES.put("reset-after", "20");
    SAMPLES.put("reset-rate", "0.001");
    SAMPLES.put("stall-after", "30");
    SAMPLES.put("throttle", "64KiB");
    SAMPLES.put("fault-seed", "42");
    SAMPLES.put("reuse-port", "false");
    SAMPLES.put("backlog", "77");
    SAMPLES.put("transport", "nio");
    SAMPLES.put("io-threads", "3");
    SAMPLES.put("max-connections", "99");
    SAMPLES.put("max-frame", "1MiB");
    SAMPLES.put("max-line", "512");
    SAMPLES.put("idle-timeout", "30s");
    SAMPLES.put("drain-timeout", "5s");
    SAMPLES.put("drain-grace", "2s");
    SAMPLES.put("defer-accept", "1s");
    SAMPLES.put("metrics-host", "127.0.0.3");
    SAMPLES.put("metrics-port", "7002");
    SAMPLES.put("metrics", "false");
    SAMPLES.put("instance-id", "sample");
    SAMPLES.put("control-socket", "/run/berth/a.sock");
    SAMPLES.put("takeover-from", "/run/berth/b.sock");
    SAMPLES.put("tls-cert", "/etc/berth/cert.pem");
    SAMPLES.put("tls-key", "/etc/berth/key.pem");
    SAMPLES.put("tls-self-signed", "false");
    SAMPLES.put("tls-client-ca", "/etc/berth/ca.pem");
    SAMPLES.put("tls-client-auth", "optional");
    SAMPLES.put("tls-protocols", "TLSv1.3");
    SAMPLES.put("tls-handshake-timeout", "5s");
    SAMPLES.put("tls-provider", "jdk");
    SAMPLES.put("log-level", "debug");
    SAMPLES.put("log-format", "json");
  }

  @Test
  void everyOptionCanBeSetInEveryLayer() throws IOException {
    List<String> settable = ServerOptions.ALL.stream()
        .map(ConfigKey::name).filter(name -> !name.equals("config")).collect(Collectors.toList());
    assertThat(SAMPLES.keySet()).as("a sample value for every server option").containsExactlyElementsOf(settable);
    String yaml = SAMPLES.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining());
    Path file = write("all.yaml", yaml);
    Map<String, String> environment = SAMPLES.keySet().stream().collect(Collectors.toMap(
        name -> "BERTH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), SAMPLES::get));

    ServerConfig fromFile = ServerConfig.from(resolve(Map.of("config", file.toString()), Map.of()));
    ServerConfig fromEnvironment = ServerConfig.from(resolve(Map.of(), environment));
    ServerConfig fromFlags = ServerConfig.from(resolve(SAMPLES, Map.of()));

    assertThat(fromFile).isEqualTo(fromFlags).isEqualTo(fromEnvironment).isNotEqualTo(ServerConfig.defaults());
    assertThat(fromFile.metricsPort()).isEqualTo(7002);
    assertThat(fromFile.metrics()).isFalse();
    assertThat(fromFile.logFormat()).isEqualTo(LogFormat.JSON);
    for (int line = 1; line <= SAMPLES.size(); line++) {
      String name = settable.get(line - 1);
      Setting setting = resolve(Map.of("config", file.toString()), Map.of()).describe().stream()
          .filter(s -> s.key().equals(name)).findFirst().orElseThrow();
      assertThat(setting.source()).isEqualTo(file + ": line " + line);
    }
  }

  @Test
  void aMissingFileNamesTheOptionAndThePath() {
    assertThatThrownBy(() -> resolve(Map.of("config", "nowhere.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--config: no such file: \"nowhere.yaml\"");
    assertThatThrownBy(() -> resolve(Map.of(), Map.of("BERTH_CONFIG", "nowhere.yaml")))
        .hasMessage("BERTH_CONFIG: no such file: \"nowhere.yaml\"");
  }

  @Test
  void anUnknownKeyNamesItsFileAndLine() throws IOException {
    Path file = write("berth.yaml", "port: 1\nmax-frme: 1MiB\n");

    assertThatThrownBy(() -> resolve(Map.of("config", file.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": line 2: unknown key \"max-frme\"");
  }

  @Test
  void aBadValueNamesItsKeyFileAndLine() throws IOException {
    Path file = write("berth.yaml", "port: 1\n\n\nmax-frame: 1 MB\n");

    assertThatThrownBy(() -> ServerConfig.from(resolve(Map.of("config", file.toString()), Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": line 4: max-frame: not a size: \"1 MB\" (expected:");
  }

  @Test
  void badYamlNamesTheLineAndQuotesIt() throws IOException {
    Path file = write("berth.yaml", "port: 1\nhost: [127.0.0.1\nmode: echo\n");

    assertThatThrownBy(() -> ConfigFile.read(file, "--config"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": line ")
        .hasMessageContaining("not valid YAML");
    Path colon = write("colon.yaml", "port: 1\nmax-frame: 1: MiB\n");
    assertThatThrownBy(() -> ConfigFile.read(colon, "--config"))
        .hasMessage(colon + ": line 2: not valid YAML: mapping values are not allowed here: \"max-frame: 1: MiB\"");
  }

  @Test
  void eachValueMustBeOneScalar() throws IOException {
    Path list = write("list.yaml", "port:\n  - 1\n  - 2\n");
    Path mapping = write("mapping.yaml", "port: {a: 1}\n");
    Path empty = write("null.yaml", "host: 127.0.0.1\nport:\n");

    assertThatThrownBy(() -> ConfigFile.read(list, "--config"))
        .hasMessage(list + ": line 1: port: expected one value, not a list");
    assertThatThrownBy(() -> ConfigFile.read(mapping, "--config"))
        .hasMessage(mapping + ": line 1: port: expected one value, not a mapping");
    assertThatThrownBy(() -> ConfigFile.read(empty, "--config"))
        .hasMessage(empty + ": line 2: port: no value (delete the line to use the default)");
  }

  @Test
  void theFileMustBeAMappingWithoutRepeatsOrNesting() throws IOException {
    Path notMapping = write("list.yaml", "- port: 1\n");
    Path twice = write("twice.yaml", "port: 1\nhost: ::1\nport: 2\n");
    Path nested = write("nested.yaml", "config: other.yaml\n");

    assertThatThrownBy(() -> ConfigFile.read(notMapping, "--config"))
        .hasMessage(notMapping + ": line 1: expected option: value lines, e.g. \"port: 12345\"");
    assertThatThrownBy(() -> ConfigFile.read(twice, "--config"))
        .hasMessage(twice + ": line 3: port: set twice (first on line 1)");
    assertThatThrownBy(() -> ConfigFile.read(nested, "--config"))
        .hasMessageStartingWith(nested + ": line 1: config: a file cannot name another");
  }

  @Test
  void listenersAreAListOfMapsWithTheKeysOfASpec() throws IOException {
    Path file = write("berth.yaml", "framing: length\nlisteners:\n  - port: 7001\n  - port: 7002\n"
        + "    mode: reverse\n    greeting: \"Hi, {client}\"\n");

    ServerConfig config = ServerConfig.from(resolve(Map.of("config", file.toString()), Map.of()));

    assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(7001, 7002);
    assertThat(config.listeners()).extracting(ListenerConfig::framing).containsOnly(Framing.LENGTH);
    assertThat(config.listener("tcp-7002")).map(ListenerConfig::greeting).hasValue("Hi, {client}");
  }

  @Test
  void aBadListenerNamesTheFileTheLineAndTheKey() throws IOException {
    Path bad = write("bad.yaml", "port: 1\nlisteners:\n  - port: 7001\n    framing: json\n");
    Path scalar = write("scalar.yaml", "listeners: 7001\n");
    Path list = write("list.yaml", "listeners:\n  - 7001\n");

    assertThatThrownBy(() -> ServerConfig.from(resolve(Map.of("config", bad.toString()), Map.of())))
        .hasMessage(bad + ": line 2: listen: \"port=7001,framing=json\": framing: not a framing: \"json\" "
            + "(expected: line, length or raw)");
    assertThatThrownBy(() -> ConfigFile.read(scalar, "--config"))
        .hasMessage(scalar + ": line 1: listeners: expected a list of listeners, e.g. \"- port: 12346\"");
    assertThatThrownBy(() -> ConfigFile.read(list, "--config"))
        .hasMessage(list + ": line 2: listeners: expected a map of listener keys, e.g. \"port: 12346\"");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), "greeting: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigFile.read(file, "--config"))
        .hasMessage("--config: \"" + file + "\" is not UTF-8 text");
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> ServerConfig.from(resolve(Map.of(), Map.of("BERTH_PORT", "http"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BERTH_PORT: not a number: \"http\"");
  }
}
