package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What can be checked of docker/ without a Docker engine: the YAML parses and says what the
 * rolling upgrade needs, the Dockerfile has its stop signal, health check and non-root user, and
 * the shell scripts pass {@code bash -n} and, where installed, shellcheck.
 */
class DockerFilesTest {

  private static final Path DOCKER = Path.of("..", "docker");

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(DOCKER)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    for (Path file : files) {
      List<Object> documents = new ArrayList<>();
      new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file)).forEach(documents::add);
      assertThat(documents).as(file.toString()).isNotEmpty().doesNotContainNull();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFileSharesOneNetworkNamespaceWithTcpMigrateReq() throws IOException {
    Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(DOCKER.resolve("compose.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsKeys("netns", "berth-a", "berth-b", "berth-c", "prometheus");
    assertThat((Map<String, Object>) services.get("netns").get("sysctls")).containsEntry("net.ipv4.tcp_migrate_req", "1");
    for (String instance : List.of("berth-a", "berth-b", "berth-c")) {
      assertThat(services.get(instance)).containsEntry("network_mode", "service:netns");
    }
  }

  @Test
  void theDockerfileStopsGracefullyAndRunsAsAUser() throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    assertThat(dockerfile).contains("STOPSIGNAL SIGTERM", "HEALTHCHECK", "/readyz", "./mvnw");
    assertThat(dockerfile.lines().filter(line -> line.startsWith("USER ")).toList()).containsExactly("USER 10001");
  }

  @Test
  void theScriptsAreValidShell() throws Exception {
    for (Path script : List.of(DOCKER.resolve("rolling-upgrade.sh"), Path.of("..", ".ci", "run"))) {
      assertThat(run("bash", "-n", script.toString())).as("bash -n " + script).isEmpty();
    }
  }

  @Test
  void theScriptsPassShellcheck() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")), "skipped: shellcheck is not installed");
    for (Path script : List.of(DOCKER.resolve("rolling-upgrade.sh"), Path.of("..", ".ci", "run"))) {
      assertThat(run("shellcheck", script.toString())).as("shellcheck " + script).isEmpty();
    }
  }

  /** Runs a command and returns its output if it failed, or "" if it succeeded (ScriptsTest too). */
  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() == 0 ? "" : output;
  }
}
