package dev.berth.cli;

import dev.berth.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
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
      String help = "see '" + failed.getCommandSpec().qualifiedName() + " --help'";
      if (error instanceof CommandLine.UnmatchedArgumentException) {
        failed.getErr().println("berth: " + unmatched((CommandLine.UnmatchedArgumentException) error, help));
      } else {
        failed.getErr().println("berth: " + error.getMessage() + " (" + help + ")");
      }
      return USAGE;
    });
    commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
      failed.getErr().println("berth: " + oneLine(error));
      LoggerFactory.getLogger(ExitCodes.class).debug("failure", error);
      return exitCodeOf(error);
    });
  }

  /**
   * A mistyped command or option, with picocli's closest matches: {@code unknown option '--prot'
   * (did you mean '--port'? see 'berth client --help')}.
   */
  private static String unmatched(CommandLine.UnmatchedArgumentException error, String help) {
    List<String> unmatched = error.getUnmatched();
    String word = unmatched.isEmpty() ? "" : unmatched.get(0);
    CommandLine.Model.CommandSpec spec = error.getCommandLine().getCommandSpec();
    String what;
    List<String> known = new ArrayList<>();
    if (error.isUnknownOption()) {
      what = "unknown option '" + word.replaceFirst("=.*", "") + "'";
      spec.options().forEach(option -> {
        known.add(option.longestName());
        if (option.negatable()) {
          known.add("--no-" + option.longestName().substring(2));
        }
      });
      word = word.replaceFirst("=.*", "");
    } else if (!spec.subcommands().isEmpty()) {
      what = "unknown command '" + word + "'";
      known.addAll(spec.subcommands().keySet());
    } else {
      what = "unexpected argument '" + word + "'";
    }
    List<String> suggestions = DidYouMean.closest(word, known, 2);
    String didYouMean = suggestions.isEmpty() ? "" : "did you mean '" + String.join("' or '", suggestions) + "'? ";
    return what + " (" + didYouMean + help + ")";
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
