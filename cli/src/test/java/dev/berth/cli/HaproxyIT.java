package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real load balancer in front of berth: HAProxy with {@code send-proxy-v2}, and berth in
 * {@code info} mode answering with what it sees. The client it names must be the client's own
 * address, not HAProxy's.
 */
class HaproxyIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void behindHaproxyWithSendProxyV2TheClientIsTheClientsOwnAddress() throws Exception {
    Path haproxy = ExternalCommand.require("haproxy", "haproxy");
    try (BerthProcess berth = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--metrics-host",
        "127.0.0.1", "--metrics-port", "0", "--proxy-protocol", "v2", "--mode", "info", "--instance-id", "behind")) {
      int port = berth.awaitReadyPort();
      try (HaproxyServer balancer = HaproxyServer.start(haproxy, "127.0.0.1:" + port + " send-proxy-v2", dir);
          Socket client = LoopbackSockets.connect(balancer.port())) {
        JsonNode info = JSON.readTree(LoopbackSockets.roundTrip(client, "who is there?"));

        assertThat(info.get("client").asText()).isEqualTo("127.0.0.1:" + client.getLocalPort());
        assertThat(info.get("proxied").asBoolean()).isTrue();
        assertThat(info.get("proxy_destination").asText()).isEqualTo("127.0.0.1:" + balancer.port());
        assertThat(info.get("server").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(info.get("instance").asText()).isEqualTo("behind");
        assertThat(info.get("message").asText()).isEqualTo("who is there?");
      }
    }
  }
}
