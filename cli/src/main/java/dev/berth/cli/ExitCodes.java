package dev.berth.cli;

import dev.berth.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Maps every failure to the contract's exit codes (0 success, 1 runtime failure, 2 usage or
 * configuration error) and prints it as one line on stderr, with the stack trace only at debug.
 */
final class ExitCodes {

  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private ExitCodes() {}

  static void install(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler((error, args) -> {
      CommandLine failed = error.getCommandLine();
      failed.getErr().println("berth: " + error.getMessage()
          + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
      return USAGE;
    });
    commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
      failed.getErr().println("berth: " + oneLine(error));
      LoggerFactory.getLogger(ExitCodes.class).debug("failure", error);
      return exitCodeOf(error);
    });
  }

  static int exitCodeOf(Throwable error) {
    if (error instanceof ConfigException) {
      return USAGE;
    }
    return FAILURE;
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    return message.lines().findFirst().orElse(message);
  }
}
