package dev.berth.client.bench;

import dev.berth.client.TestServer;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the bench against the in-test echo server, for example output in docs/bench.md without a
 * berth server: {@code BenchAgainstTestServer line --connections 4 --duration 2s}.
 */
public final class BenchAgainstTestServer {

  private BenchAgainstTestServer() {}

  public static void main(String[] args) {
    Framing framing = Framing.fromOptionName(args.length > 0 ? args[0] : "line");
    try (TestServer server = TestServer.echo(framing)) {
      List<String> pairs = new ArrayList<>(List.of("port", Integer.toString(server.port()), "framing", framing.optionName()));
      for (int i = 1; i + 1 < args.length; i += 2) {
        pairs.add(args[i].replaceFirst("^--", ""));
        pairs.add(args[i + 1]);
      }
      BenchReport report = Bench.run(BenchConfig.defaults(pairs.toArray(String[]::new)), System.err);
      System.out.print(report.toTable());
      System.out.println(report.toJson());
    }
  }
}
