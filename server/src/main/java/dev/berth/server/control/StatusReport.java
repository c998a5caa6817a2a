package dev.berth.server.control;

import dev.berth.config.Addresses;
import dev.berth.config.FaultSettings;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.json.Json;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.system.BerthVersion;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** What {@code berth ctl status} and {@code berth ctl faults} print: the server as it is now, in text or JSON. */
final class StatusReport {

  private final ServerControl.Server server;
  private final LongSupplier uptimeMillis;

  StatusReport(ServerControl.Server server, LongSupplier uptimeMillis) {
    this.server = server;
    this.uptimeMillis = uptimeMillis;
  }

  /** One line for the server, then one per listener. */
  String text() {
    ServerConfig config = server.config();
    StringBuilder text = new StringBuilder()
        .append("berth ").append(BerthVersion.get())
        .append(" instance=").append(config.instanceId())
        .append(" uptime=").append(uptime())
        .append(" state=").append(server.readiness().name().toLowerCase(Locale.ROOT))
        .append(" connections=").append(server.activeConnections()).append('\n');
    for (ListenerConfig listener : config.listeners()) {
      text.append("listener ").append(listener.name())
          .append(' ').append(listener.protocol().optionName())
          .append(' ').append(address(listener))
          .append(" framing=").append(listener.framingName())
          .append(" mode=").append(listener.mode().optionName())
          .append(" tls=").append(listener.tls() ? "on" : "off")
          .append(" proxy-protocol=").append(listener.proxyProtocol().optionName())
          .append(" connections=").append(server.activeConnections(listener.name()))
          .append(" faults=").append(faultsText(server.faults().get(listener.name()).current())).append('\n');
    }
    return text.toString();
  }

  /** One JSON object. */
  String json() {
    ServerConfig config = server.config();
    StringBuilder json = new StringBuilder("{")
        .append("\"instance\":").append(Json.string(config.instanceId()))
        .append(",\"version\":").append(Json.string(BerthVersion.get()))
        .append(",\"uptime_seconds\":").append(uptimeMillis.getAsLong() / 1000)
        .append(",\"state\":").append(Json.string(server.readiness().name().toLowerCase(Locale.ROOT)))
        .append(",\"draining\":").append(server.readiness() == Readiness.State.DRAINING)
        .append(",\"connections\":").append(server.activeConnections())
        .append(",\"listeners\":[");
    for (int i = 0; i < config.listeners().size(); i++) {
      ListenerConfig listener = config.listeners().get(i);
      json.append(i == 0 ? "" : ",").append('{')
          .append("\"name\":").append(Json.string(listener.name()))
          .append(",\"protocol\":").append(Json.string(listener.protocol().optionName()))
          .append(",\"address\":").append(Json.string(address(listener)))
          .append(",\"framing\":").append(Json.string(listener.framingName()))
          .append(",\"mode\":").append(Json.string(listener.mode().optionName()))
          .append(",\"tls\":").append(listener.tls())
          .append(",\"proxy_protocol\":").append(Json.string(listener.proxyProtocol().optionName()))
          .append(",\"connections\":").append(server.activeConnections(listener.name()))
          .append(",\"faults\":").append(faultsJson(server.faults().get(listener.name()).current()))
          .append('}');
    }
    return json.append("]}").toString();
  }

  private String address(ListenerConfig listener) {
    return Addresses.format(listener.host(), server.boundAddress(listener.name()).getPort());
  }

  private String uptime() {
    Duration up = Duration.ofMillis(uptimeMillis.getAsLong());
    return up.toHours() > 0 ? up.toHours() + "h" + up.toMinutesPart() + "m"
        : up.toMinutes() > 0 ? up.toMinutes() + "m" + up.toSecondsPart() + "s" : up.toSeconds() + "s";
  }

  private static String faultsText(FaultSettings faults) {
    Map<String, String> on = faults.describe();
    if (on.isEmpty() || !faults.any()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    on.forEach((key, value) -> text.append(text.length() == 0 ? "" : " ").append(key).append('=').append(value));
    return text.toString();
  }

  private static String faultsJson(FaultSettings faults) {
    StringBuilder json = new StringBuilder("{");
    faults.describe().forEach((key, value) ->
        json.append(json.length() == 1 ? "" : ",").append(Json.string(key)).append(':').append(Json.string(value)));
    return json.append('}').toString();
  }

  private static <T> String object(Map<String, T> entries, Function<T, String> value) {
    StringBuilder json = new StringBuilder("{");
    entries.forEach((name, entry) ->
        json.append(json.length() == 1 ? "" : ",").append(Json.string(name)).append(':').append(value.apply(entry)));
    return json.append('}').toString();
  }

  /** The faults of {@code listeners}: a line each ({@code NAME KEY=VALUE...} or {@code NAME none}), or one JSON object by name. */
  static String faults(Map<String, ListenerFaults> listeners, boolean json) {
    if (json) {
      return object(listeners, faults -> faultsJson(faults.current()));
    }
    StringBuilder text = new StringBuilder();
    listeners.forEach((name, faults) -> text.append(name).append(' ').append(faultsText(faults.current())).append('\n'));
    return text.toString();
  }

}
