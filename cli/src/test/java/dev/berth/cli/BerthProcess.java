package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.berth.testing.Await;

/** {@code berth.jar} running as a separate process, as a user would start it. */
final class BerthProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("ready: .*address=\\S+:(\\d+)");

  private final Process process;
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<Thread> pumps = new ArrayList<>();

  private BerthProcess(Process process) {
    this.process = process;
    pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr);
    pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout);
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("berth.jar", "target/berth.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " not found: run the package phase first");
    }
    return jar;
  }

  /** Starts {@code berth ARGS...}. */
  static BerthProcess start(String... args) throws IOException {
    return startWrapped(new String[0], args);
  }

  /** Starts {@code WRAPPER... java -jar berth.jar ARGS...}, e.g. under {@code setpriv} as another user. */
  static BerthProcess startWrapped(String[] wrapper, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(wrapper));
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar().toString()));
    command.addAll(List.of(args));
    return new BerthProcess(new ProcessBuilder(command).start());
  }

  /**
   * Starts {@code java JVM-OPTIONS -jar berth.jar ARGS...}; a heap size among the options
   * ({@code -Xmx32m}) replaces the default of 256 MiB.
   */
  static BerthProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
      command.add("-Xmx256m");
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    return new BerthProcess(new ProcessBuilder(command).start());
  }

  /** Starts a command that runs berth some other way, e.g. the distribution's {@code bin/berth}. */
  static BerthProcess start(ProcessBuilder command) throws IOException {
    return new BerthProcess(command.start());
  }

  /** Runs {@code berth ARGS...} to completion and returns it. */
  static BerthProcess run(String... args) throws IOException, InterruptedException {
    return runWrapped(new String[0], args);
  }

  /** Runs {@code WRAPPER... java -jar berth.jar ARGS...} to completion and returns it. */
  static BerthProcess runWrapped(String[] wrapper, String... args) throws IOException, InterruptedException {
    BerthProcess berth = startWrapped(wrapper, args);
    berth.awaitExit(Duration.ofSeconds(30));
    return berth;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the ready line and returns the port it names. */
  int awaitReadyPort() {
    Await.until("berth ready (stderr so far: " + stderr + ")", Duration.ofSeconds(20),
        () -> readyPort() > 0 || !process.isAlive());
    int port = readyPort();
    if (port < 0) {
      throw new AssertionError("berth exited with " + process.exitValue() + " before ready: " + stderr);
    }
    return port;
  }

  private int readyPort() {
    for (String line : stderr) {
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        return Integer.parseInt(ready.group(1));
      }
    }
    return -1;
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("berth still running after " + timeout + ": " + stderr);
    }
    for (Thread pump : pumps) {
      pump.join(5000); // the streams reach EOF right after the exit
    }
    return process.exitValue();
  }

  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  long pid() {
    return process.pid();
  }

  List<String> stderr() {
    return stderr;
  }

  List<String> stdout() {
    return stdout;
  }

  int exitValue() {
    return process.exitValue();
  }

  private void pump(BufferedReader reader, List<String> lines) {
    Thread thread = new Thread(() -> {
      try (reader) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process went away; what was read is kept
      }
    }, "berth-output-" + process.pid());
    thread.setDaemon(true);
    thread.start();
    pumps.add(thread);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
