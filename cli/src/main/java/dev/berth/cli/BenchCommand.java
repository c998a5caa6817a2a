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
          + "latency percentiles and errors by kind. Exit 1 if any message was lost or corrupted.",
      "SIGINT (Ctrl-C) or SIGTERM ends the measured time early: the bench waits for the replies in "
          + "flight, prints its full report and exits 130 or 143 (1 if the run failed); a second signal "
          + "exits at once."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  private final Map<String, String> environment;
  private final PrintStream progress;
  private final boolean handleSignals;

  private BenchCommand(Map<String, String> environment, PrintStream progress, boolean handleSignals) {
    this.environment = environment;
    this.progress = progress;
    this.handleSignals = handleSignals;
  }

  /** The command as {@code berth} runs it, ended early by SIGINT or SIGTERM. */
  static CommandSpec spec() {
    return spec(System.getenv(), System.err, true);
  }

  /** The same, with the environment and the progress stream given and no signal handling (for tests). */
  static CommandSpec spec(Map<String, String> environment, PrintStream progress) {
    return spec(environment, progress, false);
  }

  private static CommandSpec spec(Map<String, String> environment, PrintStream progress, boolean handleSignals) {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new BenchCommand(environment, progress, handleSignals));
    ConfigFlags.addOptions(spec, BenchOptions.ALL);
    spec.usageMessage().footer(ConfigFlags.environmentFooter(BenchOptions.CONNECTIONS, "10"));
    return spec;
  }

  @Override
  public Integer call() {
    BenchConfig config = BenchConfig.from(Settings.resolve(BenchOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), BenchOptions.ALL), environment, List.of()));
    Bench bench = new Bench(config, progress);
    StopSignals signals = handleSignals ? StopSignals.install() : null;
    if (signals != null) {
      signals.onFirst(signal -> {
        progress.println("berth: " + signal + ": ending the measured time (a second signal stops at once)");
        bench.stop();
      });
    }
    BenchReport report = bench.run();
    spec.commandLine().getOut().print(config.json() ? report.toJson() + "\n" : report.toTable());
    spec.commandLine().getOut().flush();
    if (report.failed()) {
      spec.commandLine().getErr().println("berth: " + report.verdict());
      return ExitCodes.FAILURE;
    }
    return signals != null ? signals.exitStatusOr(ExitCodes.OK) : ExitCodes.OK;
  }
}
