package dev.berth.server;

import dev.berth.config.ServerConfig;
import dev.berth.server.activation.SocketActivation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers a test class starts: each from the class's base options followed by the test's own
 * (a later value for the same option wins), every one closed after each test. Register it with
 * {@code @RegisterExtension}.
 */
public final class TestServers implements AfterEachCallback {

  private final List<String> baseOptions;
  private final List<BerthServer> servers = new ArrayList<>();

  /** {@code baseOptions} as option name/value pairs, e.g. {@code "host", "127.0.0.1"}. */
  public TestServers(String... baseOptions) {
    this.baseOptions = List.of(baseOptions);
  }

  /** A started server with the base options and {@code options}. */
  public BerthServer start(String... options) throws ServerStartException {
    return start(SocketActivation.NONE, options);
  }

  /** A started server that serves the sockets {@code activation} passes. */
  public BerthServer start(SocketActivation activation, String... options) throws ServerStartException {
    BerthServer server = add(new BerthServer(config(options), activation));
    server.start();
    return server;
  }

  /** The configuration {@link #start} would use, for a test that builds or starts the server itself. */
  public ServerConfig config(String... options) {
    List<String> all = new ArrayList<>(baseOptions);
    all.addAll(List.of(options));
    return ServerConfig.defaults(all.toArray(String[]::new));
  }

  /** Closes {@code server} after the test too. */
  public BerthServer add(BerthServer server) {
    servers.add(server);
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    servers.forEach(BerthServer::close);
    servers.clear();
  }
}
