package dev.berth.client.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void readsEveryKindOfValue() {
    Object value = JsonReader.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\\\\\"\\u00e9\\n\"}, \"d\": {}} ");

    assertThat(value).isEqualTo(Map.of(
        "a", Arrays.asList(1.0, -2500.0, true, false, null),
        "b", Map.of("c", "x\\\"é\n"),
        "d", Map.of()));
    assertThat(JsonReader.parse("[]")).isEqualTo(List.of());
  }

  @Test
  void badInputSaysWhereAndWhat() {
    assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).hasMessage("not JSON at character 5 (expected: ':')");
    assertThatThrownBy(() -> JsonReader.parse("{} {}")).hasMessage("not JSON at character 3 (expected: end of input)");
    assertThatThrownBy(() -> JsonReader.parse("\"open")).hasMessage("not JSON at character 5 (expected: the end of a string)");
    assertThatThrownBy(() -> JsonReader.parse("")).hasMessage("not JSON at character 0 (expected: a value)");
  }
}
