package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  @Test
  void defaultsFollowTheContract() {
    BenchConfig config = BenchConfig.defaults();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(12345);
    assertThat(config.framing()).isEqualTo(Framing.LINE);
    assertThat(config.connections()).isEqualTo(50);
    assertThat(config.size()).isEqualTo(64);
    assertThat(config.pipeline()).isEqualTo(1);
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.churn()).isFalse();
    assertThat(config.rate()).isZero();
    assertThat(config.openLoop()).isFalse();
    assertThat(config.json()).isFalse();
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.resend()).isTrue();
    assertThat(config.untilStopped()).isFalse();
  }

  @Test
  void connectRateIsTheRateOfAChurnRun() {
    BenchConfig config = BenchConfig.defaults("churn", "true", "connect-rate", "500");
    assertThat(config.rate()).isEqualTo(500);
    assertThat(config.openLoop()).isTrue();
    assertThatThrownBy(() -> BenchConfig.defaults("connect-rate", "500"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--connect-rate: 500 without --churn (expected: --churn; without it a connection carries"
            + " many messages: use --rate)");
    assertThatThrownBy(() -> BenchConfig.defaults("churn", "true", "connect-rate", "5", "rate", "5"))
        .hasMessage("--connect-rate: 5 and a rate (--rate) cannot be combined (with churn they are the same: choose one)");
  }

  @Test
  void outputsAreRead() {
    BenchConfig config = BenchConfig.defaults("json-stream", "true", "hlog", "run.hlog", "html", "run.html");
    assertThat(config.jsonStream()).isTrue();
    assertThat(config.hlog()).isEqualTo(Path.of("run.hlog"));
    assertThat(config.html()).isEqualTo(Path.of("run.html"));
  }

  @Test
  void aDurationOfZeroMeasuresUntilStopped() {
    assertThat(BenchConfig.defaults("duration", "0").untilStopped()).isTrue();
  }

  @Test
  void sizesTakeUnits() {
    assertThat(BenchConfig.defaults("size", "16KiB").size()).isEqualTo(16 * 1024);
  }

  @Test
  void readsEveryOption() {
    BenchConfig config = BenchConfig.defaults(
        "host", "10.0.0.1", "port", "7", "framing", "length", "connections", "3", "size", "1",
        "pipeline", "16", "duration", "250ms", "warmup", "0", "rate", "1000", "json", "true",
        "timeout", "1s", "connect-timeout", "2s", "send-delay", "5ms", "resend", "false", "io-threads", "4");

    assertThat(config).isEqualTo(new BenchConfig("10.0.0.1", 7, Framing.LENGTH, 3, 1, 16,
        Duration.ofMillis(250), Duration.ZERO, false, 1000, true, Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofMillis(5), false, 4, false, null, null));
    assertThat(config.openLoop()).isTrue();
  }

  @Test
  void switchesComeFromTheEnvironmentToo() {
    Settings settings =
        Settings.resolve(BenchOptions.ALL, Map.of(), Map.of("BERTH_CHURN", "yes"), List.of());

    assertThat(BenchConfig.from(settings).churn()).isTrue();
  }

  @Test
  void churnCarriesOneMessagePerConnection() {
    assertThatThrownBy(() -> BenchConfig.defaults("churn", "true", "pipeline", "4"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--pipeline: 4 with churn (--churn) (expected: 1; each churn connection carries one message)");
  }

  @Test
  void limitsAreUsageErrorsThatNameTheKey() {
    assertThatThrownBy(() -> BenchConfig.defaults("size", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--size: 0 (expected: 1..64MiB)");
    assertThatThrownBy(() -> BenchConfig.defaults("connections", "0"))
        .hasMessage("--connections: 0 (expected: 1..60000)");
    assertThatThrownBy(() -> BenchConfig.defaults("rate", "0"))
        .hasMessageStartingWith("--rate: 0 (expected: 1..");
    assertThatThrownBy(() -> BenchConfig.defaults("size", "1 MB"))
        .hasMessageStartingWith("--size: not a size: \"1 MB\"");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> BenchConfig.defaults("timeout", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--timeout: 0 (expected: > 0)");
    assertThatThrownBy(() -> BenchConfig.from(
        Settings.resolve(BenchOptions.ALL, Map.of(), Map.of("BERTH_CONNECT_TIMEOUT", "0"), List.of())))
        .hasMessage("BERTH_CONNECT_TIMEOUT: 0 (expected: > 0)");
  }
}
