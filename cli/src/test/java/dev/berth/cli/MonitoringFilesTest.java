package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration, the alert rules and the Grafana dashboard in docker/, and how
 * docker/compose.yaml wires them: promtool checks the configuration and runs the rules' unit
 * tests; the dashboard is checked for what an import and the provisioning need. That each metric
 * they name is exported is MonitoredMetricsIT's job, and that a real Prometheus runs their
 * queries is PrometheusScrapeIT's.
 */
class MonitoringFilesTest {

  private static final String DATASOURCE = "${datasource}";
  private static final String INSTANCE_MATCHER = "instance=~\"$instance\"";
  private static final Pattern JOB_MATCHER = Pattern.compile("\\bjob=\"([^\"]*)\"");

  private final ComposeFile compose = new ComposeFile();

  @Test
  void promtoolAcceptsThePrometheusConfigAndTheRulesItLoads() throws Exception {
    ExternalCommand.Result check = promtool("check", "config", MonitoringFiles.PROMETHEUS_CONFIG);

    assertThat(check.succeeded()).as(check.output()).isTrue();
    assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.alerts().size() + " rules found");
  }

  @Test
  void theAlertRulesPassTheirUnitTests() throws Exception {
    ExternalCommand.Result test = promtool("test", "rules", MonitoringFiles.RULE_TESTS);

    assertThat(test.succeeded()).as(test.output()).isTrue();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** Runs {@code promtool COMMAND SUBCOMMAND FILE} in docker/prometheus/, where the files name each other. */
  private static ExternalCommand.Result promtool(String command, String subcommand, Path file) throws Exception {
    Path promtool = ExternalCommand.require("promtool", "prometheus");
    return ExternalCommand.run(MonitoringFiles.PROMETHEUS,
        promtool.toString(), command, subcommand, file.getFileName().toString());
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItDoesNot() {
    Set<String> fired = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test : RepoFiles.yaml(MonitoringFiles.RULE_TESTS).path("tests")) {
      for (JsonNode evaluation : test.path("alert_rule_test")) {
        (evaluation.path("exp_alerts").isEmpty() ? quiet : fired).add(evaluation.path("alertname").asText());
      }
    }
    assertThat(fired).isEqualTo(MonitoringFiles.alerts().keySet());
    assertThat(quiet).isEqualTo(MonitoringFiles.alerts().keySet());
  }

  @Test
  void everyAlertSaysHowUrgentItIsWhatHappenedAndIsDocumented() {
    String operations = RepoFiles.read(RepoFiles.OPERATIONS_DOC);
    MonitoringFiles.alerts().forEach((name, rule) -> {
      assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning");
      assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
      assertThat(operations).as("docs/operations.md explains " + name).contains("`" + name + "`");
    });
  }

  @Test
  void theRulesSelectTheJobThatPrometheusScrapes() {
    Set<String> jobs = new HashSet<>();
    RepoFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("scrape_configs")
        .forEach(scrape -> jobs.add(scrape.path("job_name").asText()));
    MonitoringFiles.alerts().forEach((name, rule) -> {
      Matcher job = JOB_MATCHER.matcher(rule.path("expr").asText());
      while (job.find()) {
        assertThat(jobs).as(name).contains(job.group(1));
      }
    });
  }

  @Test
  void theDashboardIsReadyToImport() {
    JsonNode dashboard = RepoFiles.json(MonitoringFiles.DASHBOARD);
    assertThat(dashboard.path("uid").asText()).isEqualTo("berth");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    // An import must not carry the exporting Grafana's database id.
    assertThat(dashboard.path("id").isMissingNode() || dashboard.path("id").isNull()).isTrue();

    JsonNode datasource = MonitoringFiles.dashboardVariables().get("datasource");
    assertThat(datasource.path("type").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
    JsonNode instance = MonitoringFiles.dashboardVariables().get("instance");
    assertThat(instance.path("type").asText()).isEqualTo("query");
    assertThat(instance.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
    assertThat(instance.path("query").path("query").asText()).isEqualTo("label_values(berth_info, instance)");
    assertThat(instance.path("multi").asBoolean() && instance.path("includeAll").asBoolean()).isTrue();

    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : MonitoringFiles.panels()) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of " + title).isBetween(1, 24);
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
        assertThat(panel.path("targets")).as(title).isNotEmpty();
        panel.path("targets").forEach(target ->
            assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE));
      }
    }
  }

  @Test
  void everyDashboardQuerySelectsOnlyTheChosenInstances() {
    for (String expression : MonitoringFiles.dashboardExpressions()) {
      for (String name : PromqlMetricNames.of(expression)) {
        Matcher selector = Pattern.compile("(?<![\\w:])" + Pattern.quote(name) + "(?![\\w:])(\\{[^}]*\\})?")
            .matcher(expression);
        while (selector.find()) {
          assertThat(selector.group(1)).as(name + " in " + expression).isNotNull().contains(INSTANCE_MATCHER);
        }
      }
    }
  }

  @Test
  void theDashboardShowsWhatAnOperatorLooksFor() {
    assertThat(MonitoringFiles.dashboardMetricNames()).containsAll(List.of(
        "berth_connections_active", "berth_connections_accepted_total", "berth_connections_rejected_total",
        "berth_connections_closed_total", "berth_messages_received_total", "berth_messages_sent_total",
        "berth_bytes_received_total", "berth_bytes_sent_total", "berth_protocol_errors_total", "berth_draining",
        "berth_tls_handshakes_total", "berth_tls_certificate_expiry_seconds", "berth_faults_injected_total",
        "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_gc_pause_seconds_sum", "process_files_open_files"));
  }

  @Test
  void composeRunsPrometheusWithThisConfigScrapingEveryInstance() {
    String configFlag = compose.option("prometheus", "--config.file").orElseThrow();
    assertThat(compose.hostPathOf("prometheus", configFlag))
        .contains(MonitoringFiles.PROMETHEUS_CONFIG.normalize());
    // The rule files it loads sit beside it, in the same mounted directory.
    for (JsonNode ruleFile : RepoFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("rule_files")) {
      assertThat(MonitoringFiles.PROMETHEUS.resolve(ruleFile.asText())).exists();
    }

    Set<String> targets = new TreeSet<>();
    for (JsonNode scrape : RepoFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("scrape_configs")) {
      for (JsonNode group : scrape.path("static_configs")) {
        group.path("targets").forEach(target -> targets.add(target.asText()));
      }
    }
    Set<String> instances = new TreeSet<>();
    for (String instance : compose.berthInstances()) {
      instances.add("127.0.0.1:" + compose.option(instance, "--metrics-port").orElseThrow());
    }
    assertThat(targets).isEqualTo(instances).hasSize(3);
  }

  @Test
  void composeProvisionsGrafanaWithTheDashboardAndThePrometheus() {
    Path provisioning = compose.hostPathOf("grafana", "/etc/grafana/provisioning").orElseThrow();
    assertThat(provisioning).isDirectory();

    JsonNode provider = RepoFiles.yaml(provisioning.resolve("dashboards/berth.yml")).path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    String dashboards = provider.path("options").path("path").asText();
    String mountedDashboard = compose.mounts("grafana").entrySet().stream()
        .filter(mount -> mount.getValue().equals(MonitoringFiles.DASHBOARD.normalize()))
        .map(mount -> mount.getKey()).findFirst().orElseThrow();
    assertThat(Path.of(mountedDashboard).getParent()).isEqualTo(Path.of(dashboards));
    JsonNode environment = compose.service("grafana").path("environment");
    assertThat(environment.path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText()).isEqualTo(mountedDashboard);

    JsonNode datasource = RepoFiles.yaml(provisioning.resolve("datasources/prometheus.yml")).path("datasources").get(0);
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.path("isDefault").asBoolean()).as("the default, which ${datasource} starts on").isTrue();
    // Grafana shares the network namespace of the instances and of Prometheus (default port 9090).
    assertThat(compose.service("grafana").path("network_mode").asText())
        .isEqualTo(compose.service("prometheus").path("network_mode").asText());
    assertThat(compose.option("prometheus", "--web.listen-address")).isEmpty();
    assertThat(datasource.path("url").asText()).isEqualTo("http://127.0.0.1:9090");
    assertThat(datasource.path("jsonData").path("timeInterval").asText()).isEqualTo(
        RepoFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("global").path("scrape_interval").asText());
  }
}
