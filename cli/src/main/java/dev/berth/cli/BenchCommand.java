package dev.berth.cli;

import dev.berth.client.bench.Bench;
import dev.berth.client.bench.BenchReport;
import dev.berth.config.BenchConfig;
import dev.berth.config.BenchOptions;
import dev.berth.config.Settings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth bench}: load that checks every echoed byte and reports latency percentiles. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Load an echo server (berth or any other), check every echoed byte, and report throughput, "
          + "latency percentiles and errors by kind. Exit 1 if any message was lost or corrupted."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  private final Map<String, String> environment;
  private final PrintStream progress;

  private BenchCommand(Map<String, String> environment, PrintStream progress) {
    this.environment = environment;
    this.progress = progress;
  }

  static CommandSpec spec() {
    return spec(System.getenv(), System.err);
  }

  /** The same, with the environment and the progress stream given (tests pass their own). */
  static CommandSpec spec(Map<String, String> environment, PrintStream progress) {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new BenchCommand(environment, progress));
    ConfigFlags.addOptions(spec, BenchOptions.ALL);
    return spec;
  }

  @Override
  public Integer call() {
    BenchConfig config = BenchConfig.from(Settings.resolve(BenchOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), BenchOptions.ALL), environment, List.of()));
    BenchReport report = Bench.run(config, progress);
    spec.commandLine().getOut().print(config.json() ? report.toJson() : report.toTable());
    spec.commandLine().getOut().flush();
    if (report.failed()) {
      spec.commandLine().getErr().println("berth: " + report.verdict());
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}
