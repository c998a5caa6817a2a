package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final ConfigKey<Integer> PORT =
      new ConfigKey<>("port", "PORT", "12345", "port", Parsers::integer);
  private static final ConfigKey<Long> MAX_FRAME =
      new ConfigKey<>("max-frame", "SIZE", "16MiB", "max frame", Sizes::parse);
  private static final ConfigKey<Duration> IDLE_TIMEOUT =
      new ConfigKey<>("idle-timeout", "DURATION", "5m", "idle", Durations::parse);
  private static final ConfigKey<String> GREETING =
      new ConfigKey<>("greeting", "TEXT", null, "greeting", Parsers::text);
  private static final ConfigKey<Boolean> REUSE_PORT =
      new ConfigKey<>("reuse-port", null, null, "reuse", Parsers::bool);
  private static final List<ConfigKey<?>> KEYS = List.of(PORT, MAX_FRAME, IDLE_TIMEOUT, GREETING, REUSE_PORT);

  private static final String FILE = "berth.yaml";

  @Test
  void defaultsApplyWhenNothingElseIsSet() {
    Settings settings = Settings.resolve(KEYS, Map.of(), Map.of(), List.of());

    assertThat(settings.get(PORT)).isEqualTo(12345);
    assertThat(settings.get(MAX_FRAME)).isEqualTo(16L << 20);
    assertThat(settings.get(IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.get(GREETING)).isNull();
    assertThat(settings.get(REUSE_PORT)).isNull();
    assertThat(settings.sourceOf(PORT)).isEqualTo("default: port");
    assertThat(settings.sourceOf(GREETING)).isEqualTo("default");
  }

  @Test
  void flagsBeatEnvironmentBeatFileBeatDefaultsValueByValue() {
    Settings settings = Settings.resolve(KEYS,
        Map.of("port", "1"),
        Map.of("BERTH_PORT", "2", "BERTH_MAX_FRAME", "2KiB"),
        List.of(file("port", "3", 1), file("max-frame", "3KiB", 2), file("idle-timeout", "3s", 3)));

    assertThat(settings.get(PORT)).isEqualTo(1); // flag over environment and file
    assertThat(settings.get(MAX_FRAME)).isEqualTo(2048); // environment over file
    assertThat(settings.get(IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(3)); // file over default
    assertThat(settings.get(GREETING)).isNull(); // nobody
    assertThat(settings.sourceOf(PORT)).isEqualTo("--port");
    assertThat(settings.sourceOf(MAX_FRAME)).isEqualTo("BERTH_MAX_FRAME");
    assertThat(settings.sourceOf(IDLE_TIMEOUT)).isEqualTo("berth.yaml: line 3: idle-timeout");
  }

  @Test
  void aFlagBeatsTheFileWithoutAnEnvironmentVariable() {
    Settings settings = Settings.resolve(KEYS, Map.of("greeting", "from flag"), Map.of(),
        List.of(file("greeting", "from file", 1)));

    assertThat(settings.get(GREETING)).isEqualTo("from flag");
  }

  @Test
  void theEnvironmentBeatsDefaultsAndOnlyBerthVariablesOfKnownKeysAreRead() {
    Settings settings = Settings.resolve(KEYS, Map.of(),
        Map.of("BERTH_IDLE_TIMEOUT", "0", "BERTH_REUSE_PORT", "no", "BERTH_COLOUR", "red", "PORT", "7",
            "berth_port", "8"),
        List.of());

    assertThat(settings.get(IDLE_TIMEOUT)).isEqualTo(Duration.ZERO);
    assertThat(settings.get(REUSE_PORT)).isFalse();
    assertThat(settings.get(PORT)).isEqualTo(12345);
  }

  @Test
  void environmentVariableNamesAreUpperCaseWithUnderscores() {
    assertThat(PORT.environmentVariable()).isEqualTo("BERTH_PORT");
    assertThat(MAX_FRAME.environmentVariable()).isEqualTo("BERTH_MAX_FRAME");
    assertThat(ServerOptions.IO_THREADS.environmentVariable()).isEqualTo("BERTH_IO_THREADS");
  }

  @Test
  void aBadFlagNamesTheFlag() {
    Settings settings = Settings.resolve(KEYS, Map.of("max-frame", "1 MB"), Map.of(), List.of());

    assertThatThrownBy(() -> settings.get(MAX_FRAME))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--max-frame: not a size: \"1 MB\" (expected: bytes, or a number with KiB, MiB or GiB, e.g. 64KiB)");
  }

  @Test
  void aBadEnvironmentVariableNamesTheVariable() {
    Settings settings = Settings.resolve(KEYS, Map.of(), Map.of("BERTH_MAX_FRAME", "1 MB"), List.of());

    assertThatThrownBy(() -> settings.get(MAX_FRAME))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BERTH_MAX_FRAME: not a size: \"1 MB\"");
  }

  @Test
  void aBadFileValueNamesTheFileLineAndKey() {
    Settings settings = Settings.resolve(KEYS, Map.of(), Map.of(), List.of(file("max-frame", "1 MB", 4)));

    assertThatThrownBy(() -> settings.get(MAX_FRAME))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("berth.yaml: line 4: max-frame: not a size: \"1 MB\"");
  }

  @Test
  void aNegativeDurationDoesNotParse() {
    Settings settings = Settings.resolve(KEYS, Map.of(), Map.of(), List.of(file("idle-timeout", "-1s", 9)));

    assertThatThrownBy(() -> settings.get(IDLE_TIMEOUT))
        .hasMessageStartingWith("berth.yaml: line 9: idle-timeout: not a duration: \"-1s\"");
  }

  @Test
  void aHugeDurationIsAConfigErrorNotACrash() {
    Settings settings = Settings.resolve(KEYS, Map.of("idle-timeout", "9999999999999999h"), Map.of(), List.of());

    assertThatThrownBy(() -> settings.get(IDLE_TIMEOUT))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--idle-timeout: duration too large: \"9999999999999999h\"");
  }

  @Test
  void anUnknownFileKeyNamesTheFileAndLine() {
    assertThatThrownBy(() -> Settings.resolve(KEYS, Map.of(), Map.of(), List.of(file("colour", "red", 2))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("berth.yaml: line 2: unknown key \"colour\"");
  }

  @Test
  void anUnknownFlagIsAnError() {
    assertThatThrownBy(() -> Settings.resolve(KEYS, Map.of("colour", "red"), Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--colour: unknown option");
  }

  @Test
  void describeListsEveryKeyInOrderWithItsSource() {
    Settings settings = Settings.resolve(KEYS, Map.of("port", "80"), Map.of("BERTH_MAX_FRAME", "1MiB"),
        List.of(file("idle-timeout", "30s", 1)));

    assertThat(settings.describe()).containsExactly(
        new Setting("port", "80", "--port"),
        new Setting("max-frame", "1MiB", "BERTH_MAX_FRAME"),
        new Setting("idle-timeout", "30s", "berth.yaml: line 1"),
        new Setting("greeting", "", "unset"),
        new Setting("reuse-port", "", "unset"));
  }

  private static Setting file(String key, String value, int line) {
    return new Setting(key, value, FILE + ": line " + line);
  }
}
