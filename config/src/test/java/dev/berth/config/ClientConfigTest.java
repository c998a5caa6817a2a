package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  @Test
  void defaultsFollowTheContract() {
    ClientConfig config = ClientConfig.defaults();

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(12345);
    assertThat(config.framing()).isEqualTo(Framing.LINE);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.file()).isNull();
    assertThat(config.output()).isNull();
    assertThat(config.maxFrame()).isEqualTo(64L << 20);
    assertThat(config.maxLine()).isEqualTo(1 << 20);
    assertThat(config.resend()).isTrue();
  }

  @Test
  void readsEveryOption() {
    ClientConfig config = ClientConfig.defaults(
        "host", "::1", "port", "7", "framing", "length", "connect-timeout", "250ms", "timeout", "0",
        "file", "in.bin", "output", "out.bin", "max-frame", "1MiB", "max-line", "512", "resend", "false");

    assertThat(config).isEqualTo(new ClientConfig("::1", 7, Framing.LENGTH, Duration.ofMillis(250),
        Duration.ZERO, Path.of("in.bin"), Path.of("out.bin"), 1 << 20, 512, false, false, null, null));
  }

  @Test
  void environmentOverridesDefaultsAndFlagsOverrideEnvironment() {
    Settings settings = Settings.resolve(ClientOptions.ALL, Map.of("port", "2000"),
        Map.of("BERTH_PORT", "1000", "BERTH_FRAMING", "length"), List.of());

    ClientConfig config = ClientConfig.from(settings);

    assertThat(config.port()).isEqualTo(2000);
    assertThat(config.framing()).isEqualTo(Framing.LENGTH);
  }

  @Test
  void portZeroIsRejectedBecauseAClientMustNameAPort() {
    assertThatThrownBy(() -> ClientConfig.defaults("port", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--port: 0 (expected: 1..65535)");
  }

  @Test
  void badValuesNameTheKeyAndSource() {
    assertThatThrownBy(() -> ClientConfig.defaults("timeout", "soon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--timeout: not a duration: \"soon\"");
    assertThatThrownBy(() -> ClientConfig.defaults("framing", "xml"))
        .hasMessageStartingWith("--framing: not a framing: \"xml\"");
  }

  @Test
  void connectTimeoutMustBePositive() {
    assertThatThrownBy(() -> ClientConfig.defaults("connect-timeout", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--connect-timeout: 0 (expected: > 0)");
  }

  @Test
  void tlsIsOffUnlessAskedForAndItsDetailsNeedIt() {
    assertThat(ClientConfig.defaults().tls()).isNull();
    ClientConfig config = ClientConfig.defaults("tls", "true", "tls-ca", "ca.pem", "tls-cert", "me.pem",
        "tls-key", "me.key", "tls-server-name", "echo.example");

    assertThat(config.tls()).isEqualTo(new ClientTlsConfig(Path.of("ca.pem"), false, Path.of("me.pem"),
        Path.of("me.key"), "echo.example"));
    assertThatThrownBy(() -> ClientConfig.defaults("tls-ca", "ca.pem"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-ca: ca.pem without --tls (add --tls)");
    assertThatThrownBy(() -> ClientConfig.defaults("tls-insecure", "true"))
        .hasMessage("--tls-insecure: without --tls (add --tls)");
  }

  @Test
  void tlsOptionsThatContradictEachOtherAreUsageErrors() {
    assertThatThrownBy(() -> ClientConfig.defaults("tls", "true", "tls-insecure", "true", "tls-ca", "ca.pem"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-insecure: cannot go with a CA bundle (--tls-ca): a CA is for verifying (choose one)");
    assertThatThrownBy(() -> ClientConfig.defaults("tls", "true", "tls-cert", "me.pem"))
        .hasMessage("--tls-cert: me.pem without a key (give --tls-key too)");
    assertThatThrownBy(() -> ClientConfig.defaults("tls", "true", "tls-key", "me.key"))
        .hasMessage("--tls-key: me.key without a certificate (give --tls-cert too)");
    assertThatThrownBy(() -> ClientConfig.defaults("tls", "true", "tls-server-name", "two words"))
        .hasMessage("--tls-server-name: \"two words\" (expected: a host name)");
  }

  @Test
  void theServerNameIsTheHostUnlessGivenAndSniIsOnlyForNames() {
    ClientTlsConfig byHost = ClientConfig.defaults("tls", "true").tls();
    ClientTlsConfig named = ClientConfig.defaults("tls", "true", "tls-server-name", "echo.example").tls();

    assertThat(byHost.verifiedName("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(byHost.sniName("127.0.0.1")).isNull();
    assertThat(byHost.sniName("::1")).isNull();
    assertThat(byHost.sniName("localhost")).isEqualTo("localhost");
    assertThat(named.verifiedName("127.0.0.1")).isEqualTo("echo.example");
    assertThat(named.sniName("127.0.0.1")).isEqualTo("echo.example");
  }

  @Test
  void proxyHeaderTakesAVersionAndOptionallyASource() throws Exception {
    assertThat(ClientConfig.defaults().proxy()).isNull();
    ClientConfig config = ClientConfig.defaults("proxy-protocol", "v2", "proxy-source", "[2001:db8::7]:4711");

    assertThat(config.proxy().version()).isEqualTo(ProxyProtocol.V2);
    assertThat(config.proxy().sourceAddress()).isEqualTo(java.net.InetAddress.getByName("2001:db8::7"));
    assertThat(config.proxy().source().port()).isEqualTo(4711);
    assertThat(ClientConfig.defaults("proxy-protocol", "v1").proxy().source()).isNull();
    assertThatThrownBy(() -> ClientConfig.defaults("proxy-protocol", "any"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--proxy-protocol: any (expected: v1 or v2; a client sends one version)");
    assertThatThrownBy(() -> ClientConfig.defaults("proxy-source", "192.0.2.7:4711"))
        .hasMessage("--proxy-source: 192.0.2.7:4711 without a PROXY header to carry it (add --proxy-protocol v1 or v2)");
    assertThatThrownBy(() -> ClientConfig.defaults("proxy-protocol", "v1", "proxy-source", "192.0.2.7:70000"))
        .hasMessage("--proxy-source: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> ClientConfig.defaults("proxy-protocol", "v1", "proxy-source", "lb.example:80"))
        .hasMessageStartingWith("--proxy-source: not IP:PORT: \"lb.example:80\"");
  }

  @Test
  void udpTakesNoFramingTlsOrProxyHeader() {
    ClientConfig config = ClientConfig.defaults("udp", "true");

    assertThat(config.udp()).isTrue();
    assertThat(config.framing()).isEqualTo(Framing.LINE);
    assertThatThrownBy(() -> ClientConfig.defaults("udp", "true", "framing", "length"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--framing: length with UDP (--udp) (a datagram is one message: framing does not apply)");
    assertThatThrownBy(() -> ClientConfig.defaults("udp", "true", "tls", "true"))
        .hasMessage("--tls: on with UDP (--udp) (TLS is for TCP; berth has no DTLS)");
    assertThatThrownBy(() -> ClientConfig.defaults("udp", "true", "proxy-protocol", "v2"))
        .hasMessage("--proxy-protocol: v2 with UDP (--udp) (PROXY headers begin TCP connections)");
  }
}
