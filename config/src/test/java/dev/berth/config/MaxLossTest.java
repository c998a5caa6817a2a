package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaxLossTest {

  @Test
  void aWholeNumberIsACountAndADecimalOrPercentIsAFraction() {
    assertThat(MaxLoss.parse("5")).isEqualTo(new MaxLoss(5, false));
    assertThat(MaxLoss.parse("0.001")).isEqualTo(new MaxLoss(0.001, true));
    assertThat(MaxLoss.parse(".5")).isEqualTo(new MaxLoss(0.5, true));
    assertThat(MaxLoss.parse("0.1%")).isEqualTo(new MaxLoss(0.001, true));
    assertThat(MaxLoss.parse("1.0")).isEqualTo(new MaxLoss(1, true));
  }

  @Test
  void theRunFailsOnlyPastTheLimit() {
    assertThat(MaxLoss.NONE.exceededBy(0, 1000)).isFalse();
    assertThat(MaxLoss.NONE.exceededBy(1, 1000)).isTrue();
    assertThat(MaxLoss.parse("5").exceededBy(5, 10)).isFalse();
    assertThat(MaxLoss.parse("5").exceededBy(6, 1_000_000)).isTrue();
    assertThat(MaxLoss.parse("1%").exceededBy(10, 1000)).isFalse();
    assertThat(MaxLoss.parse("1%").exceededBy(11, 1000)).isTrue();
  }

  @Test
  void printsAsItIsMeant() {
    assertThat(MaxLoss.parse("1")).hasToString("1 datagram");
    assertThat(MaxLoss.parse("5")).hasToString("5 datagrams");
    assertThat(MaxLoss.parse("0.001")).hasToString("0.1%");
    assertThat(MaxLoss.parse("12.5%")).hasToString("12.5%");
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertThatThrownBy(() -> MaxLoss.parse("-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a count or a fraction: \"-1\" (expected: e.g. 5 datagrams, 0.001 or 0.1%)");
    assertThatThrownBy(() -> MaxLoss.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MaxLoss.parse("1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("max-loss: 150% (expected: 0..100%)");
  }
}
