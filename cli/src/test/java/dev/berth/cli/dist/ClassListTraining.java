package dev.berth.cli.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step of the distribution (cli/pom.xml, package phase): records which classes berth
 * loads, for the class-data sharing archive that {@code bin/berth} makes on JDK 17 and 18 (see
 * docs/benchmarks.md, "Start-up"). A training run on loopback: a server on ephemeral ports to
 * ready, a scrape of {@code /metrics}, one {@code berth client} exchange and a one-second
 * {@code berth bench} against it, then SIGTERM; each process writes its list with
 * {@code -XX:DumpLoadedClassList} and the lists are joined, each class once.
 *
 * <p>Usage: {@code ClassListTraining BERTH_JAR OUTPUT_FILE}.
 */
public final class ClassListTraining {

  private static final Pattern READY = Pattern.compile("ready: .*address=\\S+:(\\d+).* metrics=\\S+:(\\d+)");
  private static final long TIMEOUT_SECONDS = 60;

  private final Path jar;
  private final Path work;
  private final List<Path> lists = new ArrayList<>();

  private ClassListTraining(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ClassListTraining BERTH_JAR OUTPUT_FILE");
    }
    Path output = Path.of(args[1]);
    Path work = Files.createDirectories(output.toAbsolutePath().getParent().resolve("training"));
    ClassListTraining training = new ClassListTraining(Path.of(args[0]), work);
    training.run();
    training.join(output);
  }

  private void run() throws Exception {
    Process server = start("server", "--host", "127.0.0.1", "--port", "0", "--metrics-host", "127.0.0.1",
        "--metrics-port", "0");
    try {
      int[] ports = awaitReady(server);
      httpGet(ports[1], "/readyz");
      httpGet(ports[1], "/metrics");
      String port = Integer.toString(ports[0]);
      finish(start("client", "--port", port, "training"), "client");
      finish(start("bench", "--port", port, "--connections", "2", "--duration", "1s", "--warmup", "0"), "bench");
      server.destroy(); // SIGTERM: the drain and the exit are part of what a server loads
      finish(server, "server");
    } finally {
      server.destroyForcibly();
    }
  }

  private Process start(String command, String... args) throws IOException {
    Path list = work.resolve(command + ".classlist");
    lists.add(list);
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:DumpLoadedClassList=" + list, "-jar", jar.toString(), command));
    line.addAll(List.of(args));
    return new ProcessBuilder(line)
        .redirectOutput(work.resolve(command + ".out").toFile())
        .redirectError(command.equals("server") ? ProcessBuilder.Redirect.PIPE
            : ProcessBuilder.Redirect.to(work.resolve(command + ".err").toFile()))
        .start();
  }

  /**
   * Reads the server's log until its ready line, and returns the echo port and the metrics port;
   * the whole log goes to {@code server.err} (read on, so the server never blocks on a full pipe).
   */
  private int[] awaitReady(Process server) throws IOException {
    BufferedReader log = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    Writer copy = Files.newBufferedWriter(work.resolve("server.err"), StandardCharsets.UTF_8);
    for (String line; (line = log.readLine()) != null; ) {
      copy.write(line + "\n");
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        copy.flush();
        Thread rest = new Thread(() -> copyRest(log, copy), "training-server-log");
        rest.setDaemon(true);
        rest.start();
        return new int[] {Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2))};
      }
    }
    copy.close();
    throw new IllegalStateException("the training server exited before it was ready; see " + work.resolve("server.err"));
  }

  private static void copyRest(BufferedReader log, Writer copy) {
    try (copy) {
      for (String line; (line = log.readLine()) != null; ) {
        copy.write(line + "\n");
        copy.flush();
      }
    } catch (IOException closed) {
      // the server has exited
    }
  }

  private static void httpGet(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!reply.matches("(?s)HTTP/1\\.[01] 200 .*")) {
        throw new IllegalStateException("GET " + path + ": " + reply.lines().findFirst().orElse("no answer"));
      }
    }
  }

  private void finish(Process process, String command) throws InterruptedException {
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("training: berth " + command + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("training: berth " + command + " exited with " + process.exitValue()
          + "; see " + work.resolve(command + ".err"));
    }
  }

  /** Joins the lists: every class once, in the order first loaded, comments left out. */
  private void join(Path output) throws IOException {
    Set<String> classes = new LinkedHashSet<>();
    for (Path list : lists) {
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          classes.add(line);
        }
      }
    }
    Files.write(output, classes, StandardCharsets.UTF_8);
  }
}
