package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.InstalledJdks.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The distribution tarball ({@code target/berth-VERSION.tar.gz}) unpacked into a directory with
 * {@code tar}, as a user would, and its {@code bin/berth} run in a clean environment: no JVM
 * options, no {@code BERTH_*} settings, a cache directory of the test's own.
 */
final class UnpackedDistribution {

  private static final Pattern NAME = Pattern.compile("berth-(.+)\\.tar\\.gz");

  private final Path home;
  private final String version;

  private UnpackedDistribution(Path home, String version) {
    this.home = home;
    this.version = version;
  }

  static Path tarball() {
    Path tarball = Path.of(System.getProperty("berth.dist", "target/berth-unknown.tar.gz"));
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(tarball + " not found: run the package phase first");
    }
    return tarball;
  }

  /** Unpacks the tarball into {@code directory}. */
  static UnpackedDistribution unpack(Path directory) throws IOException, InterruptedException {
    Path tarball = tarball();
    Process tar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", directory.toString())
        .redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor()).as("tar xzf: " + output).isZero();
    Matcher name = NAME.matcher(tarball.getFileName().toString());
    assertThat(name.matches()).as(tarball.toString()).isTrue();
    try (Stream<Path> entries = Files.list(directory)) {
      assertThat(entries.map(Path::getFileName).map(Path::toString)).containsExactly("berth-" + name.group(1));
    }
    return new UnpackedDistribution(directory.resolve("berth-" + name.group(1)), name.group(1));
  }

  Path home() {
    return home;
  }

  String version() {
    return version;
  }

  Path launcher() {
    return home.resolve("bin").resolve("berth");
  }

  /**
   * {@code bin/berth ARGS...} on {@code jdk} (as JAVA_HOME), its archives in {@code cache}, and
   * {@code environment} added (JAVA_OPTS, say).
   */
  ProcessBuilder command(Jdk jdk, Path cache, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(launcher().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    clean(builder.environment());
    builder.environment().put("JAVA_HOME", jdk.home().toString());
    builder.environment().put("BERTH_CACHE_DIR", cache.toString());
    builder.environment().putAll(environment);
    return builder;
  }

  /** Runs {@link #command} to its end. */
  BerthProcess run(Jdk jdk, Path cache, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    BerthProcess berth = BerthProcess.start(command(jdk, cache, environment, args));
    berth.awaitExit(Duration.ofSeconds(60));
    return berth;
  }

  /** Takes out of an environment what would change how berth or its JVM runs. */
  static void clean(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("BERTH_") || name.equals("JAVA_OPTS")
        || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("XDG_CACHE_HOME"));
  }
}
