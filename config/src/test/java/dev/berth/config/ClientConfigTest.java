package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  @Test
  void defaultsFollowTheContract() {
    ClientConfig config = ClientConfig.defaults();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(12345);
    assertThat(config.framing()).isEqualTo(Framing.LINE);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.file()).isNull();
    assertThat(config.output()).isNull();
    assertThat(config.maxFrame()).isEqualTo(64L << 20);
    assertThat(config.maxLine()).isEqualTo(1 << 20);
    assertThat(config.resend()).isTrue();
  }

  @Test
  void readsEveryOption() {
    ClientConfig config = ClientConfig.defaults(
        "host", "::1", "port", "7", "framing", "length", "connect-timeout", "250ms", "timeout", "0",
        "file", "in.bin", "output", "out.bin", "max-frame", "1MiB", "max-line", "512", "resend", "false");

    assertThat(config).isEqualTo(new ClientConfig("::1", 7, Framing.LENGTH, Duration.ofMillis(250),
        Duration.ZERO, Path.of("in.bin"), Path.of("out.bin"), 1 << 20, 512, false));
  }

  @Test
  void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
    Settings settings = Settings.resolve(ClientOptions.ALL, Map.of("port", "2000"),
        Map.of("BERTH_PORT", "1000", "BERTH_FRAMING", "length"), List.of());

    ClientConfig config = ClientConfig.from(settings);

    assertThat(config.port()).isEqualTo(2000);
    assertThat(config.framing()).isEqualTo(Framing.LENGTH);
  }

  @Test
  void portZeroIsRejectedBecauseAClientMustNameAPort() {
    assertThatThrownBy(() -> ClientConfig.defaults("port", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--port: 0 (expected: 1..65535)");
  }

  @Test
  void badValuesNameTheKeyAndSource() {
    assertThatThrownBy(() -> ClientConfig.defaults("timeout", "soon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--timeout: not a duration: \"soon\"");
    assertThatThrownBy(() -> ClientConfig.defaults("framing", "xml"))
        .hasMessageStartingWith("--framing: not a framing: \"xml\"");
  }

  @Test
  void connectTimeoutMustBePositive() {
    assertThatThrownBy(() -> ClientConfig.defaults("connect-timeout", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--connect-timeout: 0 (expected: > 0)");
  }
}
