package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the command line of the server, the client and the load generator. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A TCP echo and messaging server, its client and a load generator.")
public final class Berth implements Callable<Integer> {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    System.exit(exitCode);
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Berth());
    commandLine.addSubcommand("server", ServerCommand.spec());
    commandLine.addSubcommand("client", ClientCommand.spec());
    commandLine.addSubcommand("bench", BenchCommand.spec());
    commandLine.addSubcommand("ctl", new CtlCommand(System.getenv(), System.out));
    ExitCodes.install(commandLine);
    return commandLine;
  }

  /** Bare {@code berth}, without a command: a usage error, so the usage goes to stderr and the exit code is 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
