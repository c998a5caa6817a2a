package dev.berth.cli;

import dev.berth.config.ServerConfig;
import dev.berth.server.BerthServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code berth} command run in-process, as its main method sets it up, with what it prints
 * kept for the test, and berth servers started in-process for it to talk to.
 */
final class InProcessBerth implements AutoCloseable {

  private final List<BerthServer> servers = new ArrayList<>();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** A started server on 127.0.0.1 with the given option name/value pairs (port 0, no metrics unless given). */
  BerthServer server(String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("host", "127.0.0.1", "port", "0", "metrics", "false"));
    all.addAll(List.of(options));
    BerthServer server = new BerthServer(ServerConfig.defaults(all.toArray(String[]::new)));
    servers.add(server);
    server.start();
    return server;
  }

  /** The port of a started server's first (or only) listener. */
  int serverPort(String... options) throws Exception {
    return server(options).boundAddress().getPort();
  }

  /** The port of the listener named {@code listener} of a started server. */
  static int port(BerthServer server, String listener) {
    InetSocketAddress address = server.boundAddress(listener);
    return address.getPort();
  }

  /** Runs {@code berth args...} with {@code stdin} as standard input; returns the exit code. */
  int run(String stdin, String... args) {
    CommandLine commandLine = new CommandLine(new Berth());
    commandLine.addSubcommand("server", ServerCommand.spec(Map.of()));
    commandLine.addSubcommand("client", ClientCommand.spec(Map.of(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(stdout, true)));
    commandLine.addSubcommand("bench", BenchCommand.spec(Map.of(), new PrintStream(progress, true)));
    ExitCodes.install(commandLine);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** What {@code berth client} printed: the replies. */
  String printed() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  /** Standard output of the command (the bench's report). */
  String out() {
    return out.toString();
  }

  /** Standard error of the command. */
  String err() {
    return err.toString();
  }

  /** The bench's progress lines. */
  String progress() {
    return progress.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far, for a test that runs several commands. */
  void clear() {
    stdout.reset();
    progress.reset();
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  @Override
  public void close() {
    servers.forEach(BerthServer::close);
  }
}
