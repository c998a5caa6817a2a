package dev.berth.server.control;

import dev.berth.config.ConfigException;
import dev.berth.config.FaultSettings;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.handover.ControlRequests;
import dev.berth.server.lifecycle.Readiness;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code berth ctl} requests a running server answers on its control socket, one line each:
 *
 * <pre>
 * BERTH/1 STATUS [JSON]                       instance, version, uptime, state, listeners, faults
 * BERTH/1 DRAIN                               a graceful stop, as SIGTERM
 * BERTH/1 RELOAD-TLS                          read the certificate and key again
 * BERTH/1 FAULTS LISTENER|* [JSON]            the faults in effect
 * BERTH/1 FAULTS-SET LISTENER|* KEY=VALUE...  change those keys (from the next message on)
 * BERTH/1 FAULTS-CLEAR LISTENER|*             turn them off
 * </pre>
 *
 * The reply is {@code OK} and a body on the following lines (text, or one JSON object with
 * {@code JSON}), or {@code ERROR} and one line saying why; then the server closes the connection.
 */
public final class ServerControl implements ControlRequests {

  private static final Logger log = LoggerFactory.getLogger(ServerControl.class);

  /** What the server is now, asked at each request. */
  public interface Server {
    ServerConfig config();

    Readiness.State readiness();

    int activeConnections();

    /** Each listener's faults, by name. */
    Map<String, ListenerFaults> faults();

    /** Each listener's bound address, by name. */
    InetSocketAddress boundAddress(String listener);

    /** Connections open on the listener named {@code listener}. */
    long activeConnections(String listener);

    /** Starts the graceful stop and returns. */
    void startDrain();

    /** Reads the certificate and key again; false when they do not load (the old pair stays). */
    boolean reloadTls();
  }

  private final Server server;
  private final StatusReport status;

  public ServerControl(Server server) {
    this(server, () -> ManagementFactory.getRuntimeMXBean().getUptime());
  }

  ServerControl(Server server, LongSupplier uptimeMillis) {
    this.server = server;
    this.status = new StatusReport(server, uptimeMillis);
  }

  @Override
  public String answer(String request) {
    List<String> words = new ArrayList<>(Arrays.asList(request.strip().split("\\s+")));
    String command = words.remove(0).toUpperCase(Locale.ROOT);
    boolean json = !words.isEmpty() && words.get(words.size() - 1).equals("JSON");
    if (json) {
      words.remove(words.size() - 1);
    }
    try {
      switch (command) {
        case "STATUS":
          return ok(json ? status.json() : status.text());
        case "DRAIN":
          log.info("berth ctl: drain");
          server.startDrain();
          return ok("draining");
        case "RELOAD-TLS":
          return ok(reloadTls());
        case "FAULTS":
          return ok(StatusReport.faults(selected(words), json));
        case "FAULTS-SET":
          return ok(changeFaults(selected(words), words.subList(Math.min(1, words.size()), words.size())));
        case "FAULTS-CLEAR":
          return ok(changeFaults(selected(words), List.of()));
        default:
          return error("unknown request \"" + command + "\" (expected: STATUS, DRAIN, RELOAD-TLS, FAULTS, "
              + "FAULTS-SET or FAULTS-CLEAR)");
      }
    } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
      return error(e.getMessage());
    }
  }

  private static String ok(String body) {
    return "OK\n" + body + (body.endsWith("\n") ? "" : "\n");
  }

  private static String error(String why) {
    return "ERROR " + why.lines().findFirst().orElse(why) + "\n";
  }

  private String reloadTls() {
    if (server.config().listeners().stream().noneMatch(ListenerConfig::tls)) {
      throw new IllegalStateException("no listener has TLS on: nothing to reload");
    }
    if (!server.reloadTls()) {
      throw new IllegalStateException("the certificate or key did not load; still serving the previous pair "
          + "(the server log says why)");
    }
    return "reloaded";
  }

  /** The listeners a request names: one, or every one for {@code *}. */
  private Map<String, ListenerFaults> selected(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("which listener? (a name, or * for every one)");
    }
    String name = words.get(0);
    if (name.equals("*")) {
      return server.faults();
    }
    ListenerFaults faults = server.faults().get(name);
    if (faults == null) {
      throw new IllegalArgumentException("no listener named " + name + " (there are: "
          + String.join(", ", server.faults().keySet()) + ")");
    }
    return Map.of(name, faults);
  }

  /**
   * Changes the faults of {@code listeners}: the keys in {@code pairs} (KEY=VALUE) take their new
   * values and the others stay; no pairs turns every fault off.
   */
  private String changeFaults(Map<String, ListenerFaults> listeners, List<String> pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (equals < 0 || !FaultSettings.KEYS.contains(key)) {
        throw new IllegalArgumentException("not a fault: \"" + pair + "\" (expected KEY=VALUE with KEY one of "
            + String.join(", ", FaultSettings.KEYS) + ")");
      }
      values.put(key, pair.substring(equals + 1));
    }
    // Each listener's next settings are made (and checked) before any listener changes: all or none.
    Map<ListenerFaults, FaultSettings> next = new LinkedHashMap<>();
    listeners.values().forEach(faults -> next.put(faults, values.isEmpty() ? FaultSettings.NONE
        : faults.current().with(values)));
    next.forEach(ListenerFaults::set);
    String now = StatusReport.faults(listeners, false);
    now.lines().forEach(line -> log.info("berth ctl: faults on listener {}", line));
    return now;
  }

}
