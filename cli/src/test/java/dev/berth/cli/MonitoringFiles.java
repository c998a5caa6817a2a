package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The Grafana dashboard and the Prometheus configuration and alert rules in docker/, and the PromQL they run. */
final class MonitoringFiles {

  static final Path PROMETHEUS = RepoFiles.DOCKER.resolve("prometheus");
  static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
  static final Path RULES = PROMETHEUS.resolve("berth-rules.yml");
  static final Path RULE_TESTS = PROMETHEUS.resolve("berth-rules.test.yml");
  static final Path GRAFANA = RepoFiles.DOCKER.resolve("grafana");
  static final Path DASHBOARD = GRAFANA.resolve("berth.json");

  private MonitoringFiles() {}

  /** Every panel of the dashboard, rows included, and the panels inside collapsed rows. */
  static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : RepoFiles.json(DASHBOARD).path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** The expression of every query of every panel. */
  static List<String> dashboardExpressions() {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : panels()) {
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    return expressions;
  }

  /** The dashboard's template variables by name. */
  static Map<String, JsonNode> dashboardVariables() {
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    RepoFiles.json(DASHBOARD).path("templating").path("list")
        .forEach(variable -> variables.put(variable.path("name").asText(), variable));
    return variables;
  }

  /** The metrics the dashboard's panels and variables select. */
  static Set<String> dashboardMetricNames() {
    Set<String> names = new TreeSet<>();
    dashboardExpressions().forEach(expression -> names.addAll(PromqlMetricNames.of(expression)));
    for (JsonNode variable : dashboardVariables().values()) {
      if (variable.path("type").asText().equals("query")) {
        names.addAll(PromqlMetricNames.ofVariableQuery(variable.path("query").path("query").asText()));
      }
    }
    return names;
  }

  /** Every alerting rule, by alert name. */
  static Map<String, JsonNode> alerts() {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : RepoFiles.yaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.put(rule.path("alert").asText(), rule);
      }
    }
    return alerts;
  }

  /** The metrics the alert rules select. */
  static Set<String> alertMetricNames() {
    Set<String> names = new TreeSet<>();
    alerts().values().forEach(rule -> names.addAll(PromqlMetricNames.of(rule.path("expr").asText())));
    return names;
  }
}
