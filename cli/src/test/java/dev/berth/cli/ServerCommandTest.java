package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ConfigKey;
import dev.berth.config.Durations;
import dev.berth.config.ServerOptions;
import dev.berth.config.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code berth server} in-process: configuration sources, {@code --print-config} and config errors. */
class ServerCommandTest {

  @TempDir
  static Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    CommandLine commandLine = new CommandLine(new Berth());
    commandLine.addSubcommand("server", ServerCommand.spec(environment));
    ExitCodes.install(commandLine);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private static Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  /** The option lines of --print-config (those before the blank line), by key: {value, source}. */
  private Map<String, String[]> printedConfig() {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : out.toString().split("\n\n")[0].split("\n")) {
      String[] columns = line.split("\\s{2,}", 3);
      assertThat(columns).as(line).hasSize(3);
      assertThat(rows.put(columns[0], new String[] {columns[1], columns[2]})).as("%s once", columns[0]).isNull();
    }
    return rows;
  }

  @Test
  void printConfigShowsEachValueWithItsSource() throws IOException {
    Path file = write("print.yaml", "port: 7000\nmax-frame: 1MiB\nmode: hello\n");

    int exitCode = run(Map.of("BERTH_MODE", "reverse", "BERTH_MAX_LINE", "1KiB", "BERTH_UNRELATED", "x"),
        "server", "--config", file.toString(), "--max-line", "2KiB", "--no-metrics", "--print-config");

    assertThat(err.toString()).isEmpty();
    assertThat(exitCode).isZero();
    Map<String, String[]> rows = printedConfig();
    assertThat(rows.keySet()).containsExactlyElementsOf(
        ServerOptions.ALL.stream().map(ConfigKey::name).collect(Collectors.toList()));
    assertThat(rows.get("port")).containsExactly("7000", file + ": line 1");
    assertThat(rows.get("max-frame")).containsExactly("1MiB", file + ": line 2");
    assertThat(rows.get("mode")).containsExactly("reverse", "BERTH_MODE");
    assertThat(rows.get("max-line")).containsExactly("2KiB", "--max-line");
    assertThat(rows.get("metrics")).containsExactly("false", "--metrics");
    assertThat(rows.get("host")).containsExactly("0.0.0.0", "default");
    assertThat(rows.get("metrics-port")).containsExactly("9464", "default");
    assertThat(rows.get("config")).containsExactly(file.toString(), "--config");
    assertThat(rows.get("io-threads")).containsExactly(
        Integer.toString(Runtime.getRuntime().availableProcessors()), "default (number of cores)");
    assertThat(rows.get("instance-id")[1]).isEqualTo("default (<hostname>-<pid>)");
    assertThat(rows.get("greeting")).containsExactly("none", "default");
  }

  @Test
  void printConfigShowsEachListenerAsItWillServe() {
    int exitCode = run(Map.of(), "server", "--framing", "length", "--listen", "port=7001",
        "--listen", "name=who,port=7002,mode=info,greeting=\"hi, {client}\"", "--print-config");

    assertThat(exitCode).isZero();
    assertThat(printedConfig().get("listen")).containsExactly("\"port=7001\\nname=who,port=7002,mode=info,"
        + "greeting=\\\"hi, {client}\\\"\"", "--listen");
    assertThat(out.toString().split("\n\n")[1].lines()).containsExactly(
        "listener tcp-7001  0.0.0.0:7001  framing=length mode=echo tls=off proxy-protocol=off greeting=none",
        "listener who       0.0.0.0:7002  framing=length mode=info tls=off proxy-protocol=off greeting=\"hi, {client}\"");
  }

  @Test
  void printConfigQuotesValuesWithSpacesAndFollowsBerthConfig() throws IOException {
    Path file = write("greeting.yaml", "greeting: \"hello {instance}\"\n");

    int exitCode = run(Map.of("BERTH_CONFIG", file.toString()), "server", "--print-config");

    assertThat(exitCode).isZero();
    assertThat(printedConfig().get("greeting")).containsExactly("\"hello {instance}\"", file + ": line 1");
    assertThat(printedConfig().get("config")).containsExactly(file.toString(), "BERTH_CONFIG");
  }

  @Test
  void helpListsTheOperationsOptions() {
    run(Map.of(), "server", "--help");

    assertThat(out.toString()).contains("--metrics-host", "--metrics-port", "--[no-]metrics", "--config",
        "--print-config", "--log-format", "--log-level");
  }

  @Test
  void helpSaysWhatIdleMeansAndHowSizesAndDurationsAreWritten() {
    run(Map.of(), "server", "--help");

    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help).contains("--idle-timeout=DURATION Half-close (FIN) a connection that makes no progress for this"
            + " long: no complete message received and no reply bytes taken by the peer")
        .contains("Sizes: " + Sizes.SYNTAX + ".", "Durations: " + Durations.SYNTAX + ".")
        .doesNotContain("no traffic");
  }

  static Stream<Arguments> badInputs() throws IOException {
    Path unknownKey = write("unknown.yaml", "port: 1\nmax-frme: 1MiB\n");
    Path badValue = write("bad-value.yaml", "port: 1\n\n\nmax-frame: 1 MB\n");
    Path badSyntax = write("bad-syntax.yaml", "port: 1\nmax-frame: 1: MiB\n");
    Path aList = write("list.yaml", "host:\n  - a\n");
    return Stream.of(
        Arguments.of(Map.of(), List.of("--config", unknownKey.toString()),
            unknownKey + ": line 2: unknown key \"max-frme\""),
        Arguments.of(Map.of(), List.of("--config", badValue.toString()),
            badValue + ": line 4: max-frame: not a size: \"1 MB\" (expected: bytes, or a number with KiB, MiB or GiB, e.g. 64KiB)"),
        Arguments.of(Map.of(), List.of("--config", badSyntax.toString()),
            badSyntax + ": line 2: not valid YAML: mapping values are not allowed here: \"max-frame: 1: MiB\""),
        Arguments.of(Map.of(), List.of("--config", aList.toString()),
            aList + ": line 1: host: expected one value, not a list"),
        Arguments.of(Map.of(), List.of("--config", dir.resolve("missing.yaml").toString()),
            "--config: no such file: \"" + dir.resolve("missing.yaml") + "\""),
        Arguments.of(Map.of("BERTH_CONFIG", "/nowhere/berth.yaml"), List.of(),
            "BERTH_CONFIG: no such file: \"/nowhere/berth.yaml\""),
        Arguments.of(Map.of("BERTH_PORT", "http"), List.of(), "BERTH_PORT: not a number: \"http\""),
        Arguments.of(Map.of(), List.of("--metrics-port", "70000"), "--metrics-port: 70000 (expected: 0..65535)"),
        Arguments.of(Map.of(), List.of("--log-format", "xml"),
            "--log-format: not a log format: \"xml\" (expected: text or json)"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badConfigurationIsAUsageErrorNamingKeyAndSource(
      Map<String, String> environment, List<String> args, String expectedLine) {
    String[] all = Stream.concat(Stream.of("server"), Stream.concat(args.stream(), Stream.of("--print-config")))
        .toArray(String[]::new);

    int exitCode = run(environment, all);

    assertThat(exitCode).as("exit code of %s", Arrays.toString(all)).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("berth: " + expectedLine + System.lineSeparator());
  }
}
