package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {

  @Test
  void parsesTheDocumentedForms() {
    assertThat(Sizes.parse("512")).isEqualTo(512);
    assertThat(Sizes.parse("64KiB")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("16MiB")).isEqualTo(16 * 1024 * 1024);
    assertThat(Sizes.parse("1GiB")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("0")).isZero();
  }

  @Test
  void acceptsAnyCaseShortUnitsAndSurroundingSpace() {
    assertThat(Sizes.parse("64kib")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("64K")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("2m")).isEqualTo(2 << 20);
    assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("1TiB")).isEqualTo(1L << 40);
    assertThat(Sizes.parse("100b")).isEqualTo(100);
    assertThat(Sizes.parse(" 1GiB\n")).isEqualTo(1L << 30);
  }

  @Test
  void everyFormTheHelpTextNamesParsesAsItSays() {
    String[][] examples = {
      {"512", "512"}, {"512B", "512"}, {"64KiB", "65536"}, {"16MiB", "16777216"}, {"64k", "65536"},
      {"16M", "16777216"}, {"1M", "1048576"}, {"1MiB", "1048576"}
    };
    for (String[] example : examples) {
      assertThat(Sizes.SYNTAX).contains(example[0]);
      assertThat(Sizes.parse(example[0])).as(example[0]).isEqualTo(Long.parseLong(example[1]));
    }
    assertThat(Sizes.SYNTAX).contains("KiB, MiB, GiB or TiB", "k, M, G, T", "any case", "without a space");
    assertThat(Sizes.parse("3g")).isEqualTo(Sizes.parse("3GiB"));
    assertThat(Sizes.parse("2t")).isEqualTo(Sizes.parse("2TiB"));
    for (String notASize : new String[] {"1MB", "1kB", "1 M", "1Mi"}) {
      assertThatThrownBy(() -> Sizes.parse(notASize)).as(notASize).hasMessageStartingWith("not a size:");
    }
  }

  @Test
  void aSpaceBeforeTheUnitOrADecimalUnitIsNotASize() {
    assertThatThrownBy(() -> Sizes.parse("1 MB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a size: \"1 MB\" (expected: bytes, or a number with KiB, MiB or GiB, e.g. 64KiB)");
    assertThatThrownBy(() -> Sizes.parse("1 MiB")).hasMessageStartingWith("not a size: \"1 MiB\"");
    assertThatThrownBy(() -> Sizes.parse("1MB")).hasMessageStartingWith("not a size: \"1MB\"");
  }

  @Test
  void rejectsWhatIsNotANumberOfBytes() {
    for (String bad : new String[] {"", " ", "KiB", "-1", "+5", "1.5MiB", "0x10", "12 34", "1KiBs", "ten"}) {
      assertThatThrownBy(() -> Sizes.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a size: \"" + bad + "\"");
    }
  }

  @Test
  void rejectsSizesThatDoNotFitInALong() {
    assertThat(Sizes.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Sizes.parse("8388607TiB")).isEqualTo(8388607L << 40);

    assertThatThrownBy(() -> Sizes.parse("8388608TiB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size too large: \"8388608TiB\"");
    assertThatThrownBy(() -> Sizes.parse("8589934592GiB")).hasMessage("size too large: \"8589934592GiB\"");
    // Too many digits for a long is the same mistake, not a malformed size.
    assertThatThrownBy(() -> Sizes.parse("9223372036854775808"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size too large: \"9223372036854775808\"");
    assertThatThrownBy(() -> Sizes.parse("99999999999999999999999KiB"))
        .hasMessage("size too large: \"99999999999999999999999KiB\"");
  }

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(Sizes.format(0)).isEqualTo("0");
    assertThat(Sizes.format(512)).isEqualTo("512");
    assertThat(Sizes.format(1536)).isEqualTo("1536");
    assertThat(Sizes.format(64 * 1024)).isEqualTo("64KiB");
    assertThat(Sizes.format(1536 * 1024)).isEqualTo("1536KiB");
    assertThat(Sizes.format(16 << 20)).isEqualTo("16MiB");
    assertThat(Sizes.format(1L << 30)).isEqualTo("1GiB");
    assertThat(Sizes.format(3L << 40)).isEqualTo("3TiB");
  }

  @Test
  void formatThenParseGivesTheSameSize() {
    for (long size : new long[] {0, 1, 512, 1023, 1024, 65536, 16 << 20, (1L << 30) + 1, 5L << 40}) {
      assertThat(Sizes.parse(Sizes.format(size))).isEqualTo(size);
    }
  }
}
