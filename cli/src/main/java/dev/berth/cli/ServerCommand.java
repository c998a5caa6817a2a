package dev.berth.cli;

import dev.berth.config.ServerConfig;
import dev.berth.config.ServerOptions;
import dev.berth.config.Settings;
import dev.berth.server.BerthServer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

  /** The command's spec, with an option for every server configuration key. */
  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new ServerCommand());
    ConfigFlags.addOptions(spec, ServerOptions.ALL);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.resolve(ServerOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), ServerOptions.ALL), System.getenv(), List.of());
    ServerConfig config = ServerConfig.from(settings);
    Logging.configure(config.logLevel());
    BerthServer server = new BerthServer(config);
    server.start();
    StopSignals.awaitFirst();
    server.close();
    return ExitCodes.OK;
  }
}
