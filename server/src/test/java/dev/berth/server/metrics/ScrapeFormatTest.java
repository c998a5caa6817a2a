package dev.berth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeFormatTest {

  @Test
  void openMetricsOnlyWhenTheAcceptHeaderNamesIt() {
    assertThat(ScrapeFormat.forAccept(null)).isEqualTo(ScrapeFormat.TEXT);
    assertThat(ScrapeFormat.forAccept("*/*")).isEqualTo(ScrapeFormat.TEXT);
    assertThat(ScrapeFormat.forAccept("text/plain;version=0.0.4")).isEqualTo(ScrapeFormat.TEXT);
    assertThat(ScrapeFormat.forAccept(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"))
        .as("protobuf is not served").isEqualTo(ScrapeFormat.TEXT);
    assertThat(ScrapeFormat.forAccept("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"))
        .isEqualTo(ScrapeFormat.OPENMETRICS);
  }
}
