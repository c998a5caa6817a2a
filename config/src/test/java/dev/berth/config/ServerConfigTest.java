package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsFollowTheContract() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(12345);
    assertThat(config.framing()).isEqualTo(Framing.LINE);
    assertThat(config.mode()).isEqualTo(Mode.ECHO);
    assertThat(config.greeting()).isNull();
    assertThat(config.reusePort()).isNull();
    assertThat(config.backlog()).isEqualTo(1024);
    assertThat(config.transport()).isEqualTo(Transport.AUTO);
    assertThat(config.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.maxConnections()).isEqualTo(10_000);
    assertThat(config.maxFrame()).isEqualTo(16L << 20);
    assertThat(config.maxLine()).isEqualTo(64 << 10);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.instanceId()).endsWith("-" + ProcessHandle.current().pid());
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
  }

  @Test
  void readsOverrides() {
    ServerConfig config = ServerConfig.defaults(
        "host", "::", "port", "0", "framing", "length", "mode", "reverse", "greeting", "hi {instance}",
        "reuse-port", "false", "backlog", "16", "transport", "nio", "io-threads", "3",
        "max-connections", "2", "max-frame", "1MiB", "max-line", "512", "idle-timeout", "0",
        "instance-id", "box-1", "log-level", "debug");

    assertThat(config.host()).isEqualTo("::");
    assertThat(config.port()).isZero();
    assertThat(config.framing()).isEqualTo(Framing.LENGTH);
    assertThat(config.mode()).isEqualTo(Mode.REVERSE);
    assertThat(config.greeting()).isEqualTo("hi {instance}");
    assertThat(config.reusePort()).isFalse();
    assertThat(config.backlog()).isEqualTo(16);
    assertThat(config.transport()).isEqualTo(Transport.NIO);
    assertThat(config.ioThreads()).isEqualTo(3);
    assertThat(config.maxConnections()).isEqualTo(2);
    assertThat(config.maxFrame()).isEqualTo(1 << 20);
    assertThat(config.maxLine()).isEqualTo(512);
    assertThat(config.idleTimeout()).isZero();
    assertThat(config.instanceId()).isEqualTo("box-1");
    assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void helloModeGreetsWithWelcomeByDefault() {
    assertThat(ServerConfig.defaults("mode", "hello").greeting()).isEqualTo("Welcome!");
    assertThat(ServerConfig.defaults("mode", "hello", "greeting", "Hi from {instance}").greeting())
        .isEqualTo("Hi from {instance}");
    assertThat(ServerConfig.defaults("mode", "echo").greeting()).isNull();
    assertThat(ServerConfig.defaults("mode", "echo", "greeting", "banner").greeting()).isEqualTo("banner");
  }

  @Test
  void rawFramingWithAModeThatNeedsMessagesIsAUsageError() {
    for (String mode : new String[] {"hello", "reverse"}) {
      assertThatThrownBy(() -> ServerConfig.defaults("framing", "raw", "mode", mode))
          .as(mode)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(mode)
          .hasMessageContaining("raw");
    }
  }

  @Test
  void rawFramingEchoesAndDiscards() {
    assertThat(ServerConfig.defaults("framing", "raw").mode()).isEqualTo(Mode.ECHO);
    assertThat(ServerConfig.defaults("framing", "raw", "mode", "discard").mode()).isEqualTo(Mode.DISCARD);
  }

  @Test
  void everyFramedModeIsValid() {
    for (String framing : new String[] {"line", "length"}) {
      for (Mode mode : Mode.values()) {
        ServerConfig config = ServerConfig.defaults("framing", framing, "mode", mode.optionName());
        assertThat(config.mode()).isEqualTo(mode);
      }
    }
  }

  @Test
  void badValuesNameTheKeyAndSource() {
    assertThatThrownBy(() -> ServerConfig.defaults("max-frame", "1 MB"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--max-frame: not a size: \"1 MB\"");
    assertThatThrownBy(() -> ServerConfig.defaults("max-frame", "2GiB"))
        .hasMessage("--max-frame: 2GiB (expected: 0..2147483639)");
    // The short forms up to the same limit: the largest frame one buffer holds.
    assertThat(ServerConfig.defaults("max-frame", "2147483639").maxFrame()).isEqualTo(2147483639L);
    assertThat(ServerConfig.defaults("max-frame", "2047M").maxFrame()).isEqualTo(2047L << 20);
    assertThat(ServerConfig.defaults("max-frame", "1m").maxFrame()).isEqualTo(1L << 20);
    assertThatThrownBy(() -> ServerConfig.defaults("max-frame", "2147483640"))
        .hasMessage("--max-frame: 2147483640 (expected: 0..2147483639)");
    assertThatThrownBy(() -> ServerConfig.defaults("max-frame", "2G"))
        .hasMessage("--max-frame: 2GiB (expected: 0..2147483639)");
    assertThatThrownBy(() -> ServerConfig.defaults("max-line", "0"))
        .hasMessageStartingWith("--max-line: 0 (expected: 1..");
    assertThatThrownBy(() -> ServerConfig.defaults("port", "65536"))
        .hasMessage("--port: 65536 (expected: 0..65535)");
    assertThatThrownBy(() -> ServerConfig.defaults("framing", "json"))
        .hasMessage("--framing: not a framing: \"json\" (expected: line, length or raw)");
    assertThatThrownBy(() -> ServerConfig.defaults("mode", "shout"))
        .hasMessageStartingWith("--mode: not a mode: \"shout\"");
    assertThatThrownBy(() -> ServerConfig.defaults("idle-timeout", "forever"))
        .hasMessageStartingWith("--idle-timeout: not a duration: \"forever\"");
    assertThatThrownBy(() -> ServerConfig.defaults("max-connections", "0"))
        .hasMessageStartingWith("--max-connections: 0 (expected: 1..");
    assertThatThrownBy(() -> ServerConfig.defaults("idle-timeout", "9999999999h"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--idle-timeout: duration too large: \"9999999999h\"");
  }

  @Test
  void everyRangeIsCheckedByTheConfigurationItself() {
    assertThatThrownBy(() -> ServerConfig.defaults("backlog", "-1"))
        .isInstanceOf(ConfigException.class).hasMessage("--backlog: -1 (expected: 1..1048576)");
    assertThatThrownBy(() -> ServerConfig.defaults("backlog", "0"))
        .hasMessage("--backlog: 0 (expected: 1..1048576)");
    assertThatThrownBy(() -> ServerConfig.defaults("io-threads", "0"))
        .hasMessage("--io-threads: 0 (expected: 1..1024)");
    assertThatThrownBy(() -> ServerConfig.defaults("metrics-port", "-3"))
        .hasMessage("--metrics-port: -3 (expected: 0..65535)");
    assertThatThrownBy(() -> ServerConfig.defaults("defer-accept", "500ms"))
        .hasMessage("--defer-accept: 500ms (expected: whole seconds, e.g. 1s, or 0)");
    assertThatThrownBy(() -> ServerConfig.defaults("port", "7000", "metrics-port", "7000"))
        .hasMessage("--metrics-port: 7000 is also the port of listener tcp-7000 (expected: a port of its own, "
            + "or --no-metrics)");
  }

  @Test
  void aCombinationErrorSaysWhereEachValueCameFrom() {
    Settings settings = Settings.resolve(ServerOptions.ALL, Map.of("framing", "raw"), Map.of(),
        List.of(new Setting("mode", "hello", "berth.yaml: line 3")));

    assertThatThrownBy(() -> ServerConfig.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessage("berth.yaml: line 3: mode: hello needs messages, but framing raw (--framing) has none "
            + "(use line or length framing)");
  }

  @Test
  void withoutListenThereIsOneListenerMadeOfTheTopLevelOptions() {
    ServerConfig config = ServerConfig.defaults("port", "7000", "framing", "length", "mode", "hello",
        "proxy-protocol", "v1");

    assertThat(config.listeners()).containsExactly(new ListenerConfig("tcp-7000", ListenerProtocol.TCP, "0.0.0.0", 7000, Framing.LENGTH, Mode.HELLO, "Welcome!", false, ProxyProtocol.V1, FaultSettings.NONE));
    assertThat(ServerConfig.defaults("tls-self-signed", "true").listeners().get(0).tls()).isTrue();
  }

  @Test
  void eachListenTakesWhatItDoesNotSetFromTheTopLevel() {
    ServerConfig config = ServerConfig.defaults("framing", "length", "tls-self-signed", "true",
        "listen", "port=1\nport=2,framing=line,tls=off,name=plain");

    assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("tcp-1", "plain");
    assertThat(config.listeners()).extracting(ListenerConfig::framing).containsExactly(Framing.LENGTH, Framing.LINE);
    assertThat(config.listeners()).extracting(ListenerConfig::tls).containsExactly(true, false);
    assertThat(config.listener("plain")).map(ListenerConfig::port).hasValue(2);
  }

  @Test
  void listenersMustNotCollide() {
    assertThatThrownBy(() -> ServerConfig.defaults("listen", "port=1\nport=1,host=127.0.0.1,name=b"))
        .hasMessage("--listen: listeners tcp-1 and b both on tcp 127.0.0.1:1 (expected: a host, port and protocol each)");
    assertThatThrownBy(() -> ServerConfig.defaults("listen", "port=1,host=127.0.0.1\nport=1,host=127.0.0.2"))
        .hasMessage("--listen: two listeners named tcp-1 (give each its own name=)");
    assertThat(ServerConfig.defaults("listen", "port=1,host=127.0.0.1\nport=1,host=127.0.0.2,name=b")
        .listeners()).hasSize(2);
    assertThatThrownBy(() -> ServerConfig.defaults("listen", "port=1,tls=on"))
        .hasMessage("--listen: listener tcp-1: tls=on needs a certificate (give --tls-cert and --tls-key, "
            + "or --tls-self-signed)");
    assertThatThrownBy(() -> ServerConfig.defaults("metrics-port", "9000", "listen", "port=9000"))
        .hasMessage("--metrics-port: 9000 is also the port of listener tcp-9000 (expected: a port of its own, "
            + "or --no-metrics)");
  }

  @Test
  void listenersFromTheEnvironmentAreSeparatedBySemicolons() {
    Settings settings = Settings.resolve(ServerOptions.ALL, Map.of(),
        Map.of("BERTH_LISTEN", "port=1; port=2,greeting=\"a;b\""), List.of());

    assertThat(ServerConfig.from(settings).listeners()).extracting(ListenerConfig::greeting)
        .containsExactly(null, "a;b");
  }

  @Test
  void faultsAreTopLevelOptionsAndListenerKeys() {
    ServerConfig config = ServerConfig.defaults("delay", "20ms..80ms", "drop-rate", "0.01", "fault-seed", "7",
        "listen", "port=1\nport=2,delay=0,close-after=3");

    FaultSettings first = config.listeners().get(0).faults();
    assertThat(first.delayMin()).isEqualTo(Duration.ofMillis(20));
    assertThat(first.delayMax()).isEqualTo(Duration.ofMillis(80));
    assertThat(first.dropRate()).isEqualTo(0.01);
    assertThat(first.seed()).isEqualTo(7L);
    FaultSettings second = config.listeners().get(1).faults();
    assertThat(second.delayMax()).isZero();
    assertThat(second.closeAfter()).isEqualTo(3);
    assertThat(second.dropRate()).isEqualTo(0.01); // the rest from the top level
    assertThat(ServerConfig.defaults().listeners().get(0).faults()).isEqualTo(FaultSettings.NONE);
  }

  @Test
  void badFaultsNameWhereTheyWereSet() {
    assertThatThrownBy(() -> ServerConfig.defaults("drop-rate", "1.5"))
        .hasMessage("--drop-rate: 1.5 (expected: a probability from 0 to 1)");
    assertThatThrownBy(() -> ServerConfig.defaults("delay", "80ms..20ms"))
        .hasMessage("--delay: 80ms..20ms (expected: the shorter first, e.g. 20ms..80ms)");
    assertThatThrownBy(() -> ServerConfig.defaults("throttle", "fast"))
        .hasMessageStartingWith("--throttle: not a size: \"fast\"");
    assertThatThrownBy(() -> ServerConfig.defaults("listen", "port=1,reset-after=x"))
        .hasMessage("--listen: \"port=1,reset-after=x\": reset-after: not a number: \"x\"");
  }

  @Test
  void aUdpListenerTakesNeitherTlsNorProxyHeaders() {
    ServerConfig config = ServerConfig.defaults("tls-self-signed", "true", "proxy-protocol", "v2",
        "listen", "port=7,protocol=udp\nport=7");

    assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("udp-7", "tcp-7");
    assertThat(config.listeners().get(0).tls()).isFalse();
    assertThat(config.listeners().get(0).proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
    assertThatThrownBy(() -> ServerConfig.defaults("listen", "port=7,protocol=udp,tls=on"))
        .hasMessage("--listen: \"port=7,protocol=udp,tls=on\": tls: on for a UDP listener (expected: off; "
            + "berth has no DTLS)");
  }

  @Test
  void tlsSettingsAreCheckedTogether() {
    assertThat(ServerConfig.defaults().tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(ServerConfig.defaults("tls-client-ca", "/ca.pem").tls().clientAuth()).isEqualTo(TlsClientAuth.REQUIRE);
    assertThatThrownBy(() -> ServerConfig.defaults("tls-cert", "/c.pem"))
        .hasMessage("--tls-cert: /c.pem without a key (give --tls-key too)");
    assertThatThrownBy(() -> ServerConfig.defaults("tls-client-auth", "require"))
        .hasMessage("--tls-client-auth: require needs a CA bundle that client certificates chain to "
            + "(give --tls-client-ca)");
    assertThatThrownBy(() -> ServerConfig.defaults("tls-protocols", "TLSv1.3,SSLv3"))
        .hasMessage("--tls-protocols: not a TLS version: \"SSLv3\" (expected: TLSv1.3, TLSv1.2, TLSv1.1, TLSv1)");
  }

  @Test
  void valuesFromTheEnvironmentAndFileNameTheirSource() {
    Settings fromEnvironment = Settings.resolve(ServerOptions.ALL, Map.of(),
        Map.of("BERTH_MAX_FRAME", "1 MB"), List.of());
    Settings fromFile = Settings.resolve(ServerOptions.ALL, Map.of(), Map.of(),
        List.of(new Setting("max-frame", "1 MB", "berth.yaml: line 4")));

    assertThatThrownBy(() -> ServerConfig.from(fromEnvironment))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BERTH_MAX_FRAME: not a size: \"1 MB\"");
    assertThatThrownBy(() -> ServerConfig.from(fromFile))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("berth.yaml: line 4: max-frame: not a size: \"1 MB\"");
  }

  @Test
  void precedenceReachesTheConfig() {
    Settings settings = Settings.resolve(ServerOptions.ALL, Map.of("port", "1"),
        Map.of("BERTH_PORT", "2", "BERTH_FRAMING", "length"),
        List.of(new Setting("port", "3", "f: line 1"), new Setting("framing", "raw", "f: line 2"),
            new Setting("mode", "discard", "f: line 3")));

    ServerConfig config = ServerConfig.from(settings);

    assertThat(config.port()).isEqualTo(1);
    assertThat(config.framing()).isEqualTo(Framing.LENGTH);
    assertThat(config.mode()).isEqualTo(Mode.DISCARD);
    assertThat(config.maxLine()).isEqualTo(64 << 10);
  }
}
