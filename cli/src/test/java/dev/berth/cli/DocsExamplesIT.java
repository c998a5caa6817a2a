package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shell example of README.md and docs/ runs as written, in the order of its file, as a
 * newcomer would copy it (see {@link DocExamples} for what counts as an example and how the docs
 * mark the few that cannot run here), and prints what the file says it prints.
 *
 * <p>Each file runs in a network namespace of its own, so its fixed ports (12345, 9464...) are
 * free and its servers are the only ones, and with a {@code /tmp} of its own, so the control
 * sockets the docs put there meet no other run's; when the file's last example is done, the
 * namespace's processes end with it. {@code berth} is the jar this build made, and the working
 * directory a scratch one that sees the repository's folders. After a command that starts a berth
 * server, the next one waits until every berth server started so far is ready (or has exited);
 * after one that starts anything else in the background (openssl s_server, systemd-socket-activate),
 * until a new socket listens in the namespace (or it has exited): conditions, not guesses ({@link
 * DocScript} writes the script that does it). What each example printed stays in
 * {@code cli/target/docs-examples/<document>/out/}.
 *
 * <p>One document: {@code ./mvnw -B -pl cli verify -Dtest=NONE -Dit.test=DocsExamplesIT
 * -Ddocs.examples=docs/faults.md}.
 */
class DocsExamplesIT {

  /** Bounds a whole file, for a command that hangs; the examples themselves take seconds. */
  private static final Duration FILE_LIMIT = Duration.ofMinutes(5);

  /** Where a document's examples run, kept after the test (under target/) to look into. */
  private Path scratch;

  @BeforeAll
  static void needsNamespaces() throws Exception {
    Process probe = new ProcessBuilder("unshare", "--net", "--pid", "--fork", "--mount-proc",
        "mount", "-t", "tmpfs", "docs-tmp", "/tmp").redirectErrorStream(true).start();
    boolean permitted = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    assumeTrue(permitted, "skipped: creating network, PID and mount namespaces (unshare) and mounting in them "
        + "is not permitted here; run as root to test the docs' examples");
  }

  /** README.md and every docs/*.md; {@code -Ddocs.examples=docs/faults.md,README.md} picks some. */
  static Stream<String> documents() throws IOException {
    String chosen = System.getProperty("docs.examples", "");
    if (!chosen.isBlank()) {
      return Stream.of(chosen.split(",")).map(String::strip);
    }
    List<String> documents = new ArrayList<>(List.of("README.md"));
    try (Stream<Path> docs = Files.list(RepoFiles.ROOT.resolve("docs"))) {
      docs.map(path -> "docs/" + path.getFileName()).filter(name -> name.endsWith(".md")).sorted()
          .forEach(documents::add);
    }
    return documents.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void everyExampleRunsAsWritten(String document) throws Exception {
    Path root = RepoFiles.ROOT.toAbsolutePath().normalize();
    scratch = freshDirectory(Path.of("target", "docs-examples", document.replaceAll("[^\\w.-]", "_")));
    DocExamples parsed = DocExamples.parse(Files.readString(root.resolve(document)));
    parsed.skipped().forEach(skip ->
        System.out.printf("%s:%d: not run: %s%n", document, skip.line(), skip.reason()));
    List<DocExamples.Command> commands = new ArrayList<>();
    parsed.examples().forEach(example -> commands.addAll(example.commands()));
    assumeTrue(!commands.isEmpty(), document + " has no examples to run");

    Path work = workDirectory(root);
    Path out = Files.createDirectories(scratch.resolve("out"));
    Path script = scratch.resolve("examples.sh");
    Files.writeString(script, DocScript.of(commands, scratch));
    Process run = new ProcessBuilder("unshare", "--net", "--pid", "--fork", "--mount-proc", "--kill-child",
        "bash", "-c", "ip link set lo up && " + privateTmp(root) + " && exec bash " + script)
        .directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(scratch.resolve("session.log").toFile()).start();
    boolean finished = run.waitFor(FILE_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      run.destroyForcibly().waitFor();
    }
    String current = read(out.resolve("current")).strip();
    assertThat(finished).as("%s: still running after %s, at the command of line %s", document, FILE_LIMIT,
        current.isEmpty() ? "?" : commands.get(Integer.parseInt(current)).line()).isTrue();

    SoftAssertions softly = new SoftAssertions();
    int index = 0;
    for (DocExamples.Example example : parsed.examples()) {
      List<String> printed = new ArrayList<>();
      for (DocExamples.Command command : example.commands()) {
        List<String> output = read(out.resolve(index + ".out")).lines().toList();
        printed.addAll(output);
        String rc = read(out.resolve(index + ".rc")).strip();
        if (!command.background()) {
          softly.assertThat(rc).as("%s:%d: %s%nprinted:%n%s", document, command.line(), command.text(),
              String.join("\n", output)).isEqualTo(Integer.toString(command.expectedExit()));
        }
        index++;
      }
      Optional<String> missing = DocOutput.missing(example.expectedOutput(), printed);
      softly.assertThat(missing).as("%s:%d: the documented output has a line the example did not print:%n%s%n"
          + "printed:%n%s", document, example.line(), missing.orElse(""), String.join("\n", printed)).isEmpty();
    }
    if (!softly.wasSuccess()) {
      // What the servers said often tells why a later example failed.
      for (int i = 0; i < commands.size(); i++) {
        if (commands.get(i).background()) {
          System.out.printf("%s:%d (in the background) printed:%n%s%n", document, commands.get(i).line(),
              read(out.resolve(i + ".out")));
        }
      }
    }
    softly.assertAll();
  }

  /**
   * The shell commands that give the examples a /tmp of their own (a tmpfs, in the mount namespace
   * of the run), so that runs from several checkouts never meet on /tmp/berth.sock. A checkout
   * that is itself under /tmp (a CI clone, say) would vanish under it: it is opened first and
   * bound back from that descriptor.
   */
  private static String privateTmp(Path root) {
    String tmpfs = "mount -t tmpfs docs-tmp /tmp";
    if (!root.startsWith("/tmp")) {
      return tmpfs;
    }
    String quoted = "'" + root.toString().replace("'", "'\\''") + "'";
    // --no-canonicalize: mount would otherwise resolve /proc/self/fd/3 to the path, now hidden.
    return "exec 3< " + quoted + " && " + tmpfs + " && mkdir -p " + quoted
        + " && mount --no-canonicalize --bind /proc/self/fd/3 " + quoted + " && exec 3<&-";
  }

  /**
   * A scratch directory that sees the repository's folders (so {@code cli/target/berth.jar} and
   * {@code docker/...} are where the docs say), with {@code berth} and a {@code java} that notes
   * each server's log on the PATH, and HOME inside it.
   */
  private Path workDirectory(Path root) throws IOException {
    Path work = Files.createDirectories(scratch.resolve("work"));
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".")) {
          Files.createSymbolicLink(work.resolve(name), entry);
        }
      }
    }
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    Path logs = Files.createDirectories(scratch.resolve("logs"));
    String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    executable(bin.resolve("java"), "#!/bin/bash\n"
        + "# A berth server's standard error also goes to a log the examples' runner waits on.\n"
        + "args=(\"$@\")\n"
        + "for ((i = 0; i + 2 < ${#args[@]}; i++)); do\n"
        + "  if [ \"${args[i]}\" = -jar ] && [ \"${args[i+2]}\" = server ]; then\n"
        + "    exec " + realJava + " \"$@\" 2> >(tee \"" + logs + "/$$.log\" >&2)\n"
        + "  fi\n"
        + "done\n"
        + "exec " + realJava + " \"$@\"\n");
    executable(bin.resolve("berth"), "#!/bin/bash\nexec java -jar " + BerthProcess.jar().toAbsolutePath()
        + " \"$@\"\n");
    return work;
  }

  /** An empty directory at {@code path}: what an earlier run left there is deleted (links, not what they point at). */
  private static Path freshDirectory(Path path) throws IOException {
    Path directory = path.toAbsolutePath();
    if (Files.exists(directory)) {
      try (Stream<Path> tree = Files.walk(directory)) {
        for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(entry);
        }
      }
    }
    return Files.createDirectories(directory);
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
