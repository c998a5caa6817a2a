package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.InstalledJdks.Jdk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDK on the machine (17 or newer), started both ways a user starts berth ({@code java
 * -jar berth.jar} and the distribution's {@code bin/berth}): {@code --help}, {@code --version},
 * a server, a client exchange and a short bench print no JVM warning (JDK 22+ warns about native
 * access unless the manifest grants it; the class-data sharing archive must stay silent too).
 */
class CleanOutputIT {

  @TempDir
  static Path unpacked;

  private static UnpackedDistribution distribution;

  @TempDir
  Path cache;

  @BeforeAll
  static void unpack() throws Exception {
    distribution = UnpackedDistribution.unpack(unpacked);
  }

  static Stream<Arguments> runs() {
    return InstalledJdks.find().stream()
        .flatMap(jdk -> Stream.of(Arguments.of(jdk, "java -jar"), Arguments.of(jdk, "bin/berth")));
  }

  @Test
  void theManifestGrantsNativeAccess() throws IOException {
    try (JarFile jar = new JarFile(BerthProcess.jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("runs")
  void noCommandPrintsAJvmWarning(Jdk jdk, String how) throws Exception {
    List<BerthProcess> runs = new ArrayList<>();
    BerthProcess help = run(jdk, how, "--help");
    runs.add(help);
    assertThat(help.stdout()).anySatisfy(line -> assertThat(line).startsWith("Usage: berth"));
    BerthProcess version = run(jdk, how, "--version");
    runs.add(version);
    assertThat(version.stdout()).containsExactly(
        "berth " + distribution.version(), version.stdout().get(1));
    assertThat(version.stdout().get(1)).startsWith("JVM " + jdk.version());

    try (BerthProcess server = BerthProcess.start(command(jdk, how, "server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0"))) {
      runs.add(server);
      String port = Integer.toString(server.awaitReadyPort());
      BerthProcess client = run(jdk, how, "client", "--port", port, "hello");
      runs.add(client);
      assertThat(client.stdout()).containsExactly("hello");
      BerthProcess bench = run(jdk, how, "bench", "--port", port, "--connections", "2", "--duration", "1s",
          "--warmup", "0");
      runs.add(bench);
      server.signal("TERM");
      assertThat(server.awaitExit(Duration.ofSeconds(60))).as("server exit code: " + server.stderr()).isZero();
    }
    for (BerthProcess berth : runs) {
      assertThat(berth.exitValue()).as("exit code; stderr: " + berth.stderr()).isZero();
      assertThat(berth.stderr()).noneSatisfy(line -> assertThat(line).containsAnyOf("WARNING:", "[warning]"));
      assertThat(berth.stdout()).noneSatisfy(line -> assertThat(line).containsAnyOf("WARNING:", "[warning]"));
    }
  }

  private BerthProcess run(Jdk jdk, String how, String... args) throws IOException, InterruptedException {
    BerthProcess berth = BerthProcess.start(command(jdk, how, args));
    berth.awaitExit(Duration.ofSeconds(60));
    return berth;
  }

  private ProcessBuilder command(Jdk jdk, String how, String... args) {
    if (how.equals("bin/berth")) {
      return distribution.command(jdk, cache, Map.of(), args);
    }
    List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar",
        BerthProcess.jar().toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    UnpackedDistribution.clean(builder.environment());
    return builder;
  }
}
