package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.cli.InstalledJdks.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distribution on a machine that has never seen berth: the tarball unpacked into an empty
 * directory, {@code bin/berth} run from there (and through a link, as when installed on PATH),
 * with a cache directory of its own; the bash completion loaded in a real bash; the man pages
 * rendered.
 */
class DistributionIT {

  @TempDir
  static Path unpacked;

  private static UnpackedDistribution distribution;

  @TempDir
  Path cache;

  @TempDir
  Path scratch;

  @BeforeAll
  static void unpack() throws Exception {
    distribution = UnpackedDistribution.unpack(unpacked);
  }

  static Stream<Jdk> jdks() {
    return InstalledJdks.find().stream();
  }

  private static Jdk currentJdk() {
    return InstalledJdks.current();
  }

  @Test
  void theTarballHoldsTheLauncherTheJarTheCompletionAndTheManPages() throws IOException {
    Path home = distribution.home();
    assertThat(Files.isExecutable(distribution.launcher())).isTrue();
    for (String file : List.of("lib/berth.jar", "lib/berth.classlist",
        "lib/native/libnetty_transport_native_epoll_x86_64.so", "lib/native/libnetty_transport_native_epoll_aarch_64.so",
        "lib/native/libnetty_tcnative_linux_x86_64.so",
        "share/bash-completion/completions/berth",
        "share/man/man1/berth.1", "share/man/man1/berth-server.1", "share/man/man1/berth-client.1",
        "share/man/man1/berth-bench.1", "README.md")) {
      assertThat(home.resolve(file)).as(file).isRegularFile();
    }
    // The launcher as written, with the version filled in and nothing else of it touched.
    String source = Files.readString(Path.of("src/dist/bin/berth"));
    assertThat(Files.readString(distribution.launcher()))
        .isEqualTo(source.replace("@project.version@", distribution.version()));
    assertThat(Files.readAllLines(home.resolve("lib/berth.classlist")))
        .contains("dev/berth/server/BerthServer", "dev/berth/client/ClientExchange", "picocli/CommandLine");
  }

  /** The first start makes the archive; the next one maps it (-Xshare:on fails if it cannot). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theArchiveIsMadeOnceAndMappedFromThenOn(Jdk jdk) throws Exception {
    serveOnce(jdk, Map.of());
    try (Stream<Path> archives = Files.list(cache)) {
      assertThat(archives.map(path -> path.getFileName().toString()))
          .as("archives made")
          .anySatisfy(name -> assertThat(name).startsWith("berth-" + distribution.version()).endsWith(".jsa"));
    }
    serveOnce(jdk, Map.of("BERTH_JAVA_OPTS", "-Xshare:on"));
  }

  private void serveOnce(Jdk jdk, Map<String, String> environment) throws Exception {
    try (BerthProcess server = BerthProcess.start(distribution.command(jdk, cache, environment, "server",
        "--host", "127.0.0.1", "--port", "0", "--metrics-host", "127.0.0.1", "--metrics-port", "0"))) {
      String port = Integer.toString(server.awaitReadyPort());
      if (Files.isRegularFile(Path.of("/proc", Long.toString(server.pid()), "maps"))) {
        // Netty's epoll library mapped from lib/native, not from a copy in a temporary directory
        assertThat(Files.readString(Path.of("/proc", Long.toString(server.pid()), "maps")))
            .contains(distribution.home().resolve("lib/native/libnetty_transport_native_epoll_").toString());
      }
      BerthProcess client = distribution.run(jdk, cache, environment, "client", "--port", port, "héllo", "wörld");
      assertThat(client.stdout()).as("client stderr: " + client.stderr()).containsExactly("héllo", "wörld");
      server.signal("TERM");
      assertThat(server.awaitExit(Duration.ofSeconds(60))).as("server stderr: " + server.stderr()).isZero();
    }
  }

  @Test
  void javaOptionsReachTheJvmAndBerthJavaOptionsWin() throws Exception {
    BerthProcess javaOpts = distribution.run(currentJdk(), cache,
        Map.of("JAVA_OPTS", "-Xmx77m -XX:+PrintCommandLineFlags"), "--version");
    assertThat(javaOpts.stdout().get(0)).contains("-XX:MaxHeapSize=" + 77 * 1024 * 1024);
    BerthProcess both = distribution.run(currentJdk(), cache,
        Map.of("JAVA_OPTS", "-Xmx77m", "BERTH_JAVA_OPTS", "-Xmx99m -XX:+PrintCommandLineFlags"), "--version");
    assertThat(both.stdout().get(0)).contains("-XX:MaxHeapSize=" + 99 * 1024 * 1024);
    assertThat(both.stdout().get(1)).isEqualTo("berth " + distribution.version());
  }

  @Test
  void refusesAJavaOlderThan17InOneLine() throws Exception {
    Path old = Files.createDirectories(scratch.resolve("jdk-11/bin"));
    Files.writeString(scratch.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.22\"\n");
    Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'this java must not run' >&2\nexit 3\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();

    BerthProcess berth = distribution.run(currentJdk(), cache, Map.of("JAVA_HOME", scratch.resolve("jdk-11").toString()),
        "--version");

    assertThat(berth.exitValue()).isEqualTo(1);
    assertThat(berth.stderr()).containsExactly("berth: Java 17 or newer is needed, but " + java
        + " is Java 11.0.22 (set JAVA_HOME to a newer one)");
  }

  @Test
  void refusesAJavaHomeWithoutJava() throws Exception {
    BerthProcess berth = distribution.run(currentJdk(), cache, Map.of("JAVA_HOME", scratch.toString()), "--version");
    assertThat(berth.exitValue()).isEqualTo(1);
    assertThat(berth.stderr()).containsExactly(
        "berth: JAVA_HOME is " + scratch + ", but " + scratch + "/bin/java is not an executable file");
  }

  @Test
  void saysSoWhenThereIsNoJava() throws Exception {
    // A PATH with the few tools the launcher uses, and no java.
    Path tools = Files.createDirectories(scratch.resolve("tools"));
    for (String tool : List.of("dirname", "readlink")) {
      Files.copy(Path.of("/usr/bin", tool), tools.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
    }
    ProcessBuilder command = distribution.command(currentJdk(), cache, Map.of("PATH", tools.toString()), "--version");
    command.environment().remove("JAVA_HOME");
    BerthProcess berth = BerthProcess.start(command);
    berth.awaitExit(Duration.ofSeconds(30));
    assertThat(berth.exitValue()).isEqualTo(1);
    assertThat(berth.stderr()).containsExactly("berth: no java found: install a JDK 17 or newer, or set JAVA_HOME");
  }

  @Test
  void runsThroughALinkOnPathAndWithoutAWritableCache() throws Exception {
    // Beside the installation (the temporary directories are removed link by link).
    Path bin = Files.createDirectories(unpacked.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("berth"), distribution.launcher());
    ProcessBuilder command = new ProcessBuilder(bin.resolve("berth").toString(), "--version");
    UnpackedDistribution.clean(command.environment());
    command.environment().put("JAVA_HOME", currentJdk().home().toString());
    command.environment().put("BERTH_CACHE_DIR", "/proc/berth-cannot-be-made-here");
    BerthProcess berth = BerthProcess.start(command);
    berth.awaitExit(Duration.ofSeconds(60));
    assertThat(berth.exitValue()).as("stderr: " + berth.stderr()).isZero();
    assertThat(berth.stdout().get(0)).isEqualTo("berth " + distribution.version());
    assertThat(berth.stderr()).isEmpty();
  }

  @Test
  void bashCompletesSubcommandsAndOptions() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no bash");
    String script = """
        source "$1"
        spec=$(complete -p berth) || exit 9
        function=${spec#*-F }; function=${function%% *}
        complete_line() { # the words of a command line, the last one being typed
          COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
          COMPREPLY=(); "$function" 2>/dev/null; printf '%s\\n' "${COMPREPLY[@]}"
        }
        complete_line berth ser
        echo --
        complete_line berth server --max-f
        echo --
        complete_line berth ''
        """;
    Process bash = new ProcessBuilder("/bin/bash", "--norc", "--noprofile", "-c", script, "bash",
        distribution.home().resolve("share/bash-completion/completions/berth").toString()).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(errors).isZero();
    String[] parts = output.split("--\n", -1);
    assertThat(parts[0].lines()).containsExactly("server");
    assertThat(parts[1].lines()).containsExactly("--max-frame");
    assertThat(parts[2].lines()).contains("server", "client", "bench");
  }

  @Test
  void theManPagesRender() throws Exception {
    Path man1 = distribution.home().resolve("share/man/man1");
    for (String page : List.of("berth", "berth-server", "berth-client", "berth-bench")) {
      String roff = Files.readString(man1.resolve(page + ".1"));
      assertThat(roff).contains(".TH \"" + page.toUpperCase().replace("-", "\\-") + "\" \"1\"", ".SH \"NAME\"", ".SH \"SYNOPSIS\"");
    }
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "rendering skipped: no man");
    ProcessBuilder command = new ProcessBuilder("man", "-l", man1.resolve("berth-server.1").toString());
    command.environment().put("MANWIDTH", "100");
    command.environment().put("MANPAGER", "cat");
    Process man = command.start();
    String page = new String(man.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(man.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(page).contains("berth-server - Run a berth server.", "--max-frame=SIZE",
        "berth " + distribution.version());
  }
}
