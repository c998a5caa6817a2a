package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesTheDocumentedForms() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void acceptsZeroWithAUnitAnyCaseAndSurroundingSpace() {
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("0ms")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("250MS")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    for (String bad : new String[] {"", "s", "30", "-5s", "1.5s", "30 s", "30sec", "5min", "1d", "PT30S", "soon"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a duration: \"" + bad + "\" (expected: a number with ms, s, m or h, e.g. 30s, or 0)");
    }
  }

  @Test
  void rejectsDurationsTooLargeToUseWithAMessageNotAnArithmeticError() {
    // Each of these overflowed: in Duration itself (minutes, hours), in toMillis() (the server's
    // idle timer) or in toNanos() (the client's deadlines).
    for (String huge : new String[] {
        "9223372036854775807m", "9999999999999999h", "9223372036854775807s", "9223372036854775807ms",
        "99999999999999999999ms", "2562048h", "9223372037s"}) {
      assertThatThrownBy(() -> Durations.parse(huge))
          .as(huge)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("duration too large: \"" + huge + "\"");
    }
  }

  @Test
  void acceptsDurationsUpToAboutTwoHundredNinetyYears() {
    assertThat(Durations.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
    assertThat(Durations.parse("9223372036s")).isEqualTo(Duration.ofSeconds(9223372036L));
    assertThat(Durations.parse("9223372036854ms")).isEqualTo(Duration.ofMillis(9223372036854L));
  }

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
  }

  @Test
  void formatThenParseGivesTheSameDuration() {
    for (Duration duration : new Duration[] {
        Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(250), Duration.ofSeconds(61),
        Duration.ofMinutes(5), Duration.ofHours(25)}) {
      assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
  }
}
