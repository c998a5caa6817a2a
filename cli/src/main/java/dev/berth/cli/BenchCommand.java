package dev.berth.cli;

import dev.berth.client.ClientException;
import dev.berth.client.bench.Bench;
import dev.berth.client.bench.BenchReport;
import dev.berth.client.bench.IntervalLog;
import dev.berth.client.bench.Second;
import dev.berth.client.bench.report.BenchHtml;
import dev.berth.client.bench.report.RunData;
import dev.berth.config.BenchConfig;
import dev.berth.config.BenchOptions;
import dev.berth.config.ConfigException;
import dev.berth.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
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
          + "latency percentiles and errors by kind. Exit 1 if any message was lost or corrupted (with --udp: "
          + "if a datagram was corrupted, or more were lost than --max-loss).",
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
    spec.addSubcommand("report", CommandSpec.forAnnotatedObject(new BenchReportCommand()));
    spec.usageMessage().footer(ConfigFlags.environmentFooter(BenchOptions.CONNECTIONS, "10"), ConfigFlags.valuesFooter());
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    BenchConfig config = BenchConfig.from(Settings.resolve(BenchOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), BenchOptions.ALL), environment, List.of()));
    String commandLine = commandLine(spec.commandLine().getParseResult().originalArgs());
    InsecureTlsWarning.printIfInsecure(config.tls(), spec.commandLine().getErr());
    if (config.html() != null) {
      HtmlFile.checkWritable(config.html());
    }
    PrintWriter out = spec.commandLine().getOut();
    Bench bench = new Bench(config, progress);
    if (config.jsonStream()) {
      bench.onInterval(interval -> {
        out.println(Second.of(interval).toJson(config.size()));
        out.flush();
      });
    }
    StopSignals signals = handleSignals ? StopSignals.install() : null;
    if (signals != null) {
      signals.onFirst(signal -> {
        progress.println("berth: " + signal + ": ending the measured time (a second signal stops at once)");
        bench.stop();
      });
    }
    BenchReport report = runLogged(bench, config, commandLine);
    out.print(config.json() || config.jsonStream() ? report.toJson(commandLine) + "\n" : report.toTable());
    out.flush();
    if (config.html() != null) {
      HtmlFile.write(config.html(), BenchHtml.render(List.of(RunData.fromJson(report.toJson(commandLine), "this run"))));
    }
    if (report.failed()) {
      spec.commandLine().getErr().println("berth: " + report.verdict());
      return ExitCodes.FAILURE;
    }
    return signals != null ? signals.exitStatusOr(ExitCodes.OK) : ExitCodes.OK;
  }

  /** Runs the bench, writing its interval log with {@code --hlog}. */
  private static BenchReport runLogged(Bench bench, BenchConfig config, String commandLine) throws IOException {
    if (config.hlog() == null) {
      return bench.run();
    }
    IntervalLog log;
    try {
      log = IntervalLog.create(config.hlog(), commandLine);
    } catch (IOException e) {
      throw new ConfigException("--hlog: cannot write " + config.hlog() + ": " + ClientException.describe(e));
    }
    try (log) {
      bench.onInterval(log);
      return bench.run();
    }
  }

  /** The command as typed (all of it, from the top command on), for the report: {@code berth bench --port 7000}. */
  static String commandLine(List<String> args) {
    StringBuilder line = new StringBuilder("berth");
    for (String arg : args) {
      line.append(' ').append(arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return line.toString();
  }
}
