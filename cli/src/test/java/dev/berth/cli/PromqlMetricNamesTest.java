package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromqlMetricNamesTest {

  @Test
  void namesAreTheSelectedMetricsOnly() {
    assertThat(PromqlMetricNames.of(
        "sum by (instance, listener) (rate(berth_messages_received_total{instance=~\"$instance\"}[$__rate_interval]))"))
        .containsExactly("berth_messages_received_total");
    assertThat(PromqlMetricNames.of(
        "process_files_open_files{job=\"berth\"} / process_files_max_files{job=\"berth\"} > 0.8"))
        .containsExactly("process_files_max_files", "process_files_open_files");
  }

  @Test
  void keywordsLabelListsNumbersAndDurationsAreNotNames() {
    assertThat(PromqlMetricNames.of("""
        sum without (cause) (rate(a_total[5m] offset 1h)) > bool 1e3
        and on (instance) group_left (version, instance_id) b_info
        unless ignoring(reason) c - time() < 14 * 86400"""))
        .containsExactly("a_total", "b_info", "c");
  }

  @Test
  void stringsAndGrafanaVariablesAreNotNames() {
    assertThat(PromqlMetricNames.of(
        "label_replace(up{instance=~\"${instance:regex}\"}, \"x\", \"$1\", \"y\", \"(z)\")"))
        .containsExactly("up");
  }

  @Test
  void aVariableQueryNamesItsSelector() {
    assertThat(PromqlMetricNames.ofVariableQuery("label_values(berth_info{job=\"berth\"}, instance)"))
        .containsExactly("berth_info");
    assertThatThrownBy(() -> PromqlMetricNames.ofVariableQuery("query_result(up)"))
        .hasMessageContaining("not label_values");
  }
}
