package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.config.Durations;
import dev.berth.config.ProxyProtocol;
import dev.berth.config.ServerConfig;
import dev.berth.config.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker/ without a Docker engine: every YAML and JSON file parses; the
 * compose file's instances share one network namespace with tcp_migrate_req, each with a metrics
 * port of its own that its health check asks, and more stop grace than drain time; every file it
 * mounts or builds from exists; the upgrade recipes rebuild the image; the Dockerfile stops
 * gracefully and runs as a user; the scripts pass {@code bash -n} and shellcheck.
 */
class DockerFilesTest {

  private static final List<Path> SCRIPTS = List.of(RepoFiles.DOCKER.resolve("rolling-upgrade.sh"),
      RepoFiles.ROOT.resolve(".ci").resolve("run"));
  /** {@code docker compose ... up ...} naming services, in a comment or a doc. */
  private static final Pattern COMPOSE_UP = Pattern.compile("docker compose .*\\bup\\b[^`\\n]*");

  private final ComposeFile compose = new ComposeFile();

  @Test
  void everyYamlAndJsonFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(RepoFiles.DOCKER)) {
      files = walk.filter(p -> p.toString().matches(".*\\.(yaml|yml|json)$")).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    for (Path file : files) {
      List<JsonNode> documents = file.toString().endsWith(".json")
          ? List.of(RepoFiles.json(file)) : RepoFiles.yamlDocuments(file);
      assertThat(documents).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
    }
  }

  @Test
  void theServicesShareOneNetworkNamespaceWithTcpMigrateReq() {
    assertThat(compose.service("netns").path("sysctls").path("net.ipv4.tcp_migrate_req").asText()).isEqualTo("1");
    assertThat(compose.berthInstances()).hasSize(3);
    for (String service : compose.serviceNames()) {
      if (!service.equals("netns")) {
        assertThat(compose.service(service).path("network_mode").asText()).as(service).isEqualTo("service:netns");
      }
    }
  }

  @Test
  void eachInstanceHasAMetricsPortOfItsOwnThatItsHealthCheckAsksAndTheNamespacePublishes() {
    Set<Integer> metricsPorts = new TreeSet<>();
    for (String instance : compose.berthInstances()) {
      int port = Integer.parseInt(compose.option(instance, "--metrics-port").orElseThrow());
      assertThat(metricsPorts.add(port)).as(instance + "'s metrics port is its own").isTrue();
      JsonNode test = compose.service(instance).path("healthcheck").path("test");
      URI readyz = URI.create(test.get(test.size() - 1).asText());
      assertThat(readyz.getPort()).as(instance).isEqualTo(port);
      assertThat(readyz.getPath()).isEqualTo("/readyz");
    }
    assertThat(publishedPorts()).containsAll(metricsPorts).contains(12345);
  }

  @Test
  void haproxySendsProxyV2HeadersToAListenerOfEveryInstanceThatTakesThem() throws Exception {
    Path config = RepoFiles.DOCKER.resolve("haproxy/haproxy.cfg");
    String text = Files.readString(config);
    Matcher backend = Pattern.compile("(?m)^\\s*server \\S+ 127\\.0\\.0\\.1:(\\d+) send-proxy-v2$").matcher(text);
    Matcher frontend = Pattern.compile("(?m)^\\s*bind :(\\d+)$").matcher(text);
    assertThat(backend.find()).as("a backend server with send-proxy-v2").isTrue();
    assertThat(frontend.find()).as("a frontend").isTrue();
    int port = Integer.parseInt(backend.group(1));

    for (String instance : compose.berthInstances()) {
      List<String> command = compose.command(instance);
      List<String> specs = new ArrayList<>();
      for (int i = 0; i + 1 < command.size(); i++) {
        if (command.get(i).equals("--listen")) {
          specs.add(command.get(i + 1));
        }
      }
      ServerConfig server = ServerConfig.defaults("listen", String.join("\n", specs));
      assertThat(server.listeners()).as(instance).anySatisfy(listener -> {
        assertThat(listener.port()).isEqualTo(port);
        assertThat(listener.proxyProtocol()).isIn(ProxyProtocol.V2, ProxyProtocol.ANY);
      });
      assertThat(server.listeners()).as(instance + " still serves 12345").anySatisfy(listener ->
          assertThat(listener.port()).isEqualTo(12345));
    }
    assertThat(publishedPorts()).contains(Integer.parseInt(frontend.group(1)));
    assertThat(compose.mounts("haproxy")).containsValue(config);
    Path haproxy = ExternalCommand.require("haproxy", "haproxy");
    ExternalCommand.Result check = ExternalCommand.run(RepoFiles.DOCKER, Map.of(), Duration.ofSeconds(30),
        haproxy.toString(), "-c", "-f", config.toString());
    assertThat(check.succeeded()).as(check.output()).isTrue();
  }

  @Test
  void eachInstanceHasMoreStopGraceThanItsDrainTimeout() {
    for (String instance : compose.berthInstances()) {
      Duration drain = Durations.parse(compose.option(instance, "--drain-timeout")
          .orElse(ServerOptions.DRAIN_TIMEOUT.defaultValue()));
      Duration grace = Durations.parse(compose.service(instance).path("stop_grace_period").asText());
      assertThat(grace).as(instance).isGreaterThan(drain);
    }
  }

  @Test
  void everyFileTheComposeFileMountsOrBuildsFromExists() {
    for (String service : compose.serviceNames()) {
      compose.mounts(service).forEach((inside, host) -> assertThat(host).as(service + ": " + inside).exists());
      JsonNode build = compose.service(service).path("build");
      if (!build.isMissingNode()) {
        Path context = RepoFiles.DOCKER.resolve(build.path("context").asText());
        assertThat(context.resolve(build.path("dockerfile").asText())).as(service).isRegularFile();
        assertThat(compose.service(service).path("image").asText()).as(service).isEqualTo("berth:latest");
      }
    }
  }

  /** Without --build, "up" recreates nothing after a source change (issue 16). */
  @Test
  void everyUpgradeRecipeRebuildsTheImageAndReplacesOneInstance() {
    for (Path file : List.of(ComposeFile.PATH, RepoFiles.OPERATIONS_DOC)) {
      Matcher up = COMPOSE_UP.matcher(RepoFiles.read(file));
      int recipes = 0;
      while (up.find()) {
        List<String> named = compose.berthInstances().stream().filter(up.group()::contains).toList();
        if (!named.isEmpty()) {
          recipes++;
          assertThat(up.group()).as(file.toString()).contains("--build", "--no-deps");
          assertThat(named).as(up.group()).hasSize(1);
        }
      }
      assertThat(recipes).as("upgrade recipes in " + file).isPositive();
    }
  }

  @Test
  void theDockerfileStopsGracefullyAndRunsAsAUser() {
    List<String> dockerfile = RepoFiles.read(RepoFiles.DOCKER.resolve("Dockerfile")).lines().toList();
    assertThat(dockerfile).contains("STOPSIGNAL SIGTERM");
    assertThat(dockerfile.stream().filter(line -> line.startsWith("USER "))).containsExactly("USER 10001");
    assertThat(dockerfile.stream().filter(line -> line.startsWith("HEALTHCHECK ")))
        .singleElement().asString().contains("--interval=");
    assertThat(dockerfile).anySatisfy(line -> assertThat(line).contains("curl -fsS http://127.0.0.1:9464/readyz"));
  }

  @Test
  void theScriptsAreValidShell() throws Exception {
    for (Path script : SCRIPTS) {
      ExternalCommand.Result check =
          ExternalCommand.run(RepoFiles.ROOT, "bash", "-n", script.toAbsolutePath().toString());
      assertThat(check.succeeded()).as("bash -n " + script + ": " + check.output()).isTrue();
    }
  }

  @Test
  void theScriptsPassShellcheck() throws Exception {
    Path shellcheck = ExternalCommand.require("shellcheck", "shellcheck");
    for (Path script : SCRIPTS) {
      ExternalCommand.Result check =
          ExternalCommand.run(RepoFiles.ROOT, shellcheck.toString(), script.toAbsolutePath().toString());
      assertThat(check.output()).as("shellcheck " + script).isEmpty();
      assertThat(check.succeeded()).isTrue();
    }
  }

  /** The container ports the netns service publishes: "12345:12345", "9464-9466:9464-9466", "127.0.0.1:3000:3000". */
  private Set<Integer> publishedPorts() {
    Set<Integer> ports = new TreeSet<>();
    for (JsonNode mapping : compose.service("netns").path("ports")) {
      String[] parts = mapping.asText().split(":");
      String[] range = parts[parts.length - 1].split("-");
      for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[range.length - 1]); port++) {
        ports.add(port);
      }
    }
    return ports;
  }
}
