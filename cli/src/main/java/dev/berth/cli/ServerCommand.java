package dev.berth.cli;

import dev.berth.config.ConfigFile;
import dev.berth.config.ServerConfig;
import dev.berth.config.ServerOptions;
import dev.berth.config.Settings;
import dev.berth.server.BerthServer;
import dev.berth.server.activation.SocketActivation;
import java.util.Map;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth server}: runs a server until a signal stops it. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run a berth server.")
final class ServerCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--print-config",
      description = "Print the effective configuration, each value with its source, then exit.")
  private boolean printConfig;

  private final Map<String, String> environment;

  private ServerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The command's spec, with an option for every server configuration key. */
  static CommandSpec spec() {
    return spec(System.getenv());
  }

  /** The same, reading {@code BERTH_*} settings from {@code environment} (tests pass their own). */
  static CommandSpec spec(Map<String, String> environment) {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new ServerCommand(environment));
    ConfigFlags.addOptions(spec, ServerOptions.ALL);
    spec.usageMessage().footer(ConfigFlags.valuesFooter());
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = ConfigFile.resolve(ServerOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), ServerOptions.ALL), environment);
    ServerConfig config = ServerConfig.from(settings);
    if (printConfig) {
      ConfigPrinter.print(settings, config, spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    Logging.configure(config.logLevel(), config.logFormat(), config.instanceId());
    StopSignals signals = StopSignals.install();
    // LISTEN_FDS and the rest from systemd, read from the same environment as BERTH_* (tests pass their own).
    BerthServer server = new BerthServer(config,
        SocketActivation.fromEnvironment(environment, ProcessHandle.current().pid()));
    ReloadSignal.install(server::reloadTls); // before the start: a SIGHUP then must not end the process
    server.start();
    String reason = signals.awaitFirstOr(server.stopRequested());
    LoggerFactory.getLogger(ServerCommand.class).info("{}: draining (a second SIGTERM or SIGINT stops at once)",
        reason);
    server.drain();
    server.close();
    return ExitCodes.OK;
  }
}
