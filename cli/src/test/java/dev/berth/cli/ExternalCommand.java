package dev.berth.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program that some tests need and CI installs (promtool, prometheus, systemd-analyze,
 * shellcheck): found on PATH, the test skipped with a line saying so where it is missing, and
 * run to completion with a time limit.
 */
final class ExternalCommand {

  /** How a run ended: the exit code and standard output and error, interleaved. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private ExternalCommand() {}

  static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Returns {@code program} from PATH; where it is missing, skips the calling test and says so on
   * stderr, naming the Debian package that brings it.
   */
  static Path require(String program, String debianPackage) {
    Optional<Path> found = onPath(program);
    String skipped = "skipped: " + program + " is not on PATH (install the Debian package " + debianPackage + ")";
    if (found.isEmpty()) {
      System.err.println(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
          .getCallerClass().getSimpleName() + ": " + skipped);
    }
    assumeTrue(found.isPresent(), skipped);
    return found.get();
  }

  /** Runs {@code command} in {@code directory} with extra environment variables and waits for it. */
  static Result run(Path directory, Map<String, String> environment, Duration timeout, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    // Read on another thread, so that a program that writes a lot cannot block before it exits.
    List<String> output = new ArrayList<>(1);
    Thread reader = new Thread(() -> {
      try {
        output.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        output.add("(output unreadable: " + e + ")");
      }
    }, "output-of-" + command[0]);
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " still running after " + timeout);
    }
    reader.join();
    return new Result(process.exitValue(), output.get(0));
  }

  /** Runs {@code command} in {@code directory}, with a minute to finish. */
  static Result run(Path directory, String... command) throws IOException, InterruptedException {
    return run(directory, Map.of(), Duration.ofMinutes(1), command);
  }
}
