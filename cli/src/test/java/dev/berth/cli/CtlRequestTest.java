package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtlRequestTest {

  @Test
  void eachCommandIsOneRequestLine() {
    assertThat(CtlRequest.of(List.of("status"), null, false)).isEqualTo("STATUS");
    assertThat(CtlRequest.of(List.of("status"), null, true)).isEqualTo("STATUS JSON");
    assertThat(CtlRequest.of(List.of("drain"), null, false)).isEqualTo("DRAIN");
    assertThat(CtlRequest.of(List.of("reload-tls"), null, false)).isEqualTo("RELOAD-TLS");
    assertThat(CtlRequest.of(List.of("faults"), null, true)).isEqualTo("FAULTS * JSON");
    assertThat(CtlRequest.of(List.of("faults", "set", "delay=5ms", "drop-rate=0.1"), "edge", false))
        .isEqualTo("FAULTS-SET edge delay=5ms drop-rate=0.1");
    assertThat(CtlRequest.of(List.of("faults", "clear"), null, false)).isEqualTo("FAULTS-CLEAR *");
  }

  @Test
  void wordsThatAreNotACommandAreUsageErrors() {
    assertThatThrownBy(() -> CtlRequest.of(List.of("stats"), null, false)).isInstanceOf(ConfigException.class)
        .hasMessage("unknown command 'stats' (expected status, drain, reload-tls or faults; see 'berth ctl --help')");
    assertThatThrownBy(() -> CtlRequest.of(List.of("faults", "set"), null, false))
        .hasMessageStartingWith("faults set needs KEY=VALUE...");
    assertThatThrownBy(() -> CtlRequest.of(List.of("faults", "set", "delay= 5ms"), null, false))
        .hasMessage("not a fault: 'delay= 5ms' (KEY=VALUE, no spaces)");
    assertThatThrownBy(() -> CtlRequest.of(List.of("faults", "unset"), null, false))
        .hasMessageStartingWith("unknown faults command 'unset'");
    assertThatThrownBy(() -> CtlRequest.of(List.of("drain", "now"), null, false))
        .hasMessage("unexpected argument 'now' after drain");
  }
}
