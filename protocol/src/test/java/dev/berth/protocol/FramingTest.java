package dev.berth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void optionNamesAreLowerCase() {
    assertThat(Framing.LINE.optionName()).isEqualTo("line");
    assertThat(Framing.LENGTH.optionName()).isEqualTo("length");
    assertThat(Framing.RAW.optionName()).isEqualTo("raw");
  }

  @Test
  void parsesOptionNames() {
    for (Framing framing : Framing.values()) {
      assertThat(Framing.fromOptionName(framing.optionName())).isSameAs(framing);
    }
  }

  @Test
  void anUnknownNameListsTheChoices() {
    assertThatThrownBy(() -> Framing.fromOptionName("json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a framing: \"json\" (expected: line, length or raw)");
    assertThatThrownBy(() -> Framing.fromOptionName("")).hasMessageStartingWith("not a framing: \"\"");
  }

  @Test
  void protocolErrorReasonsHaveTheirMetricLabels() {
    assertThat(ProtocolException.Reason.LINE_TOO_LONG.label()).isEqualTo("line_too_long");
    assertThat(ProtocolException.Reason.FRAME_TOO_LONG.label()).isEqualTo("frame_too_long");
    assertThat(ProtocolException.Reason.BAD_LENGTH.label()).isEqualTo("bad_length");
    assertThat(ProtocolException.Reason.TRUNCATED.label()).isEqualTo("truncated");
    assertThat(ProtocolException.Reason.TLS_MISMATCH.label()).isEqualTo("tls_mismatch");
  }
}
