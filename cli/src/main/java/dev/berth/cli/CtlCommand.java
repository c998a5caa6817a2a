package dev.berth.cli;

import dev.berth.config.ConfigException;
import dev.berth.config.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth ctl}: asks a running server for its status, drains it, reloads its certificate or
 * changes its faults, over its control socket (one request a connection; see docs/operations.md).
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Talk to a running server over its control socket (started with --control-socket; same user only).",
      "",
      "Commands:",
      "  status                    instance, version, uptime, state, listeners, connections, faults",
      "  drain                     a graceful stop, as SIGTERM",
      "  reload-tls                read the TLS certificate and key again, as SIGHUP",
      "  faults                    the faults in effect",
      "  faults set KEY=VALUE...   change them, from the next message on (open connections too)",
      "  faults clear              turn them off",
      "",
      "Fault keys: delay, drop-rate, close-after, reset-after, reset-rate, stall-after, throttle, "
          + "fault-seed (as the server options of the same names)."
    },
    footer = {"", "Environment: BERTH_CONTROL_SOCKET (--control-socket).",
        "Exit status: 0 done, 1 the socket is missing or the server refused (one line on stderr), 2 usage error."})
final class CtlCommand implements Callable<Integer> {

  @Option(names = "--control-socket", paramLabel = "PATH",
      description = "The server's control socket (default: $BERTH_CONTROL_SOCKET).")
  private Path controlSocket;

  @Option(names = "--json", description = "status and faults as one JSON object.")
  private boolean json;

  @Option(names = "--listener", paramLabel = "NAME",
      description = "faults: only this listener (default: every one).")
  private String listener;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "Give up when the server has not answered in this long (default: ${DEFAULT-VALUE}).")
  private String timeout;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "status, drain, reload-tls or faults [set|clear].")
  private List<String> command = new ArrayList<>();

  private final Map<String, String> environment;
  private final PrintStream output;

  CtlCommand(Map<String, String> environment, PrintStream output) {
    this.environment = environment;
    this.output = output;
  }

  @Override
  public Integer call() throws ControlSocketClient.ControlException {
    String request = CtlRequest.of(command, listener, json);
    Path socket = controlSocket != null ? controlSocket
        : environment.containsKey("BERTH_CONTROL_SOCKET") ? Path.of(environment.get("BERTH_CONTROL_SOCKET")) : null;
    if (socket == null) {
      throw new ConfigException("which server? give --control-socket PATH (or set BERTH_CONTROL_SOCKET)");
    }
    Duration limit;
    try {
      limit = Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--timeout: " + e.getMessage());
    }
    output.print(ControlSocketClient.ask(socket, request, limit));
    output.flush();
    return ExitCodes.OK;
  }
}
