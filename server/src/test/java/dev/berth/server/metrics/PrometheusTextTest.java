package dev.berth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser must reject what a scraper rejects, or passing it would prove nothing. */
class PrometheusTextTest {

  @Test
  void readsFamiliesSamplesAndEscapedLabels() {
    PrometheusText text = PrometheusText.parse(
        "# HELP a_total Things\\\\ counted\n"
            + "# TYPE a_total counter\n"
            + "a_total{k=\"v \\\"q\\\" \\\\ \\n\",z=\"1\"} 3.0\n"
            + "# TYPE h histogram\n"
            + "h_bucket{le=\"+Inf\"} 2\n"
            + "h_sum 1.5e0\n"
            + "h_count 2 1700000000000\n"
            + "# TYPE g gauge\n"
            + "g NaN\n");

    assertThat(text.value("a_total", "k", "v \"q\" \\ \n", "z", "1")).isEqualTo(3.0);
    assertThat(text.families().get("a_total").help()).isEqualTo("Things\\ counted");
    assertThat(text.value("h_count")).isEqualTo(2.0);
    assertThat(text.value("g")).isNaN();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a 1\n",                                              // no TYPE
      "# TYPE a gauge\na 1",                                // no final newline
      "# TYPE a gauge\na one\n",                            // not a number
      "# TYPE a gauge\na{b=\"1\" 1\n",                      // unclosed labels
      "# TYPE a gauge\na{b=\"\\x\"} 1\n",                   // bad escape
      "# TYPE a gauge\na{1b=\"x\"} 1\n",                    // bad label name
      "# TYPE a gauge\na{b=\"1\",b=\"2\"} 1\n",             // label twice
      "# TYPE a gauge\na 1\na 2\n",                         // duplicate series
      "# TYPE a gauge\nb 1\n",                              // sample of another family
      "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n", // family split in two
      "# TYPE a_total counter\na_total -1\n",               // counter below zero
      "# TYPE a kind\n",                                    // unknown type
      "# TYPE 1a gauge\n",                                  // bad metric name
      "# TYPE a gauge\na 1 2 3\n",                          // trailing text
  })
  void rejectsWhatAScraperRejects(String body) {
    assertThatThrownBy(() -> PrometheusText.parse(body)).isInstanceOf(IllegalArgumentException.class);
  }
}
