package dev.berth.cli;

import dev.berth.client.ClientExchange;
import dev.berth.config.ClientConfig;
import dev.berth.config.ClientOptions;
import dev.berth.config.Settings;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth client [MESSAGE...]}: one exchange with a server, printing what it sends back. */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Send each MESSAGE (or each line of standard input), half-close, and print every message the "
          + "server sends until it closes.",
      "With --udp, send each as one datagram and print each datagram received, until every one is answered "
          + "or --timeout passes without a reply."
    })
final class ClientCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "Messages to send; none: read standard input.")
  private List<String> messages = new ArrayList<>();

  private final Map<String, String> environment;
  private final InputStream input;
  private final PrintStream output;

  private ClientCommand(Map<String, String> environment, InputStream input, PrintStream output) {
    this.environment = environment;
    this.input = input;
    this.output = output;
  }

  static CommandSpec spec() {
    return spec(System.getenv(), System.in, System.out);
  }

  /** The same, with the environment and standard streams given (tests pass their own). */
  static CommandSpec spec(Map<String, String> environment, InputStream input, PrintStream output) {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new ClientCommand(environment, input, output));
    ConfigFlags.addOptions(spec, ClientOptions.ALL);
    spec.usageMessage().footer(ConfigFlags.environmentFooter(ClientOptions.TIMEOUT, "5s"), ConfigFlags.valuesFooter());
    return spec;
  }

  @Override
  public Integer call() {
    ClientConfig config = ClientConfig.from(Settings.resolve(ClientOptions.ALL,
        ConfigFlags.given(spec.commandLine().getParseResult(), ClientOptions.ALL), environment, List.of()));
    InsecureTlsWarning.printIfInsecure(config.tls(), spec.commandLine().getErr());
    ClientExchange.run(config, messages, input, input == System.in && System.console() != null, output);
    output.flush();
    return ExitCodes.OK;
  }
}
