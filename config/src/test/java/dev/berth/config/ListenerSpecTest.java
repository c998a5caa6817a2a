package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerSpecTest {

  private static final ListenerConfig DEFAULTS =
      new ListenerConfig("tcp-12345", ListenerProtocol.TCP, "0.0.0.0", 12345, Framing.LINE, Mode.ECHO, null, false, ProxyProtocol.OFF, FaultSettings.NONE);

  @Test
  void keysASpecDoesNotSetComeFromTheDefaults() {
    ListenerConfig listener = ListenerSpec.parse("port=12346,framing=length,mode=reverse", DEFAULTS);

    assertThat(listener).isEqualTo(new ListenerConfig("tcp-12346", ListenerProtocol.TCP, "0.0.0.0", 12346, Framing.LENGTH, Mode.REVERSE, null, false, ProxyProtocol.OFF, FaultSettings.NONE));
  }

  @Test
  void everyKeyCanBeSet() {
    ListenerConfig listener = ListenerSpec.parse("name=edge,host=127.0.0.1,port=7,framing=raw,mode=discard,"
        + "greeting=hi,tls=on,proxy-protocol=v2", DEFAULTS);

    assertThat(listener).isEqualTo(new ListenerConfig("edge", ListenerProtocol.TCP, "127.0.0.1", 7, Framing.RAW, Mode.DISCARD, "hi", true, ProxyProtocol.V2, FaultSettings.NONE));
  }

  @Test
  void quotedValuesCarryCommasQuotesAndEquals() {
    ListenerConfig listener = ListenerSpec.parse("greeting=\"Hello, {client} = \"\"you\"\"\",port=1", DEFAULTS);

    assertThat(listener.greeting()).isEqualTo("Hello, {client} = \"you\"");
    assertThat(listener.port()).isEqualTo(1);
  }

  @Test
  void aSpecMadeFromAMapReadsBackAsTheSameListener() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", "a");
    values.put("greeting", "x,y=\"z\"");
    values.put("port", "9");

    ListenerConfig listener = ListenerSpec.parse(ListenerSpec.of(values), DEFAULTS);

    assertThat(listener.name()).isEqualTo("a");
    assertThat(listener.greeting()).isEqualTo("x,y=\"z\"");
    assertThat(listener.port()).isEqualTo(9);
  }

  @Test
  void helloModeGreetsWithWelcomeUnlessTold() {
    assertThat(ListenerSpec.parse("mode=hello", DEFAULTS).greeting()).isEqualTo("Welcome!");
    assertThat(ListenerSpec.parse("mode=hello,greeting=yo", DEFAULTS).greeting()).isEqualTo("yo");
  }

  @Test
  void mistakesNameTheSpecAndTheKey() {
    List<String[]> cases = List.of(
        new String[] {"port=x", "listen: \"port=x\": port: not a number: \"x\""},
        new String[] {"port=70000", "listen: \"port=70000\": port: 70000 (expected: 0..65535)"},
        new String[] {"framing=json", "listen: \"framing=json\": framing: not a framing: \"json\" "
            + "(expected: line, length or raw)"},
        new String[] {"colour=red", "listen: \"colour=red\": unknown key \"colour\" (expected: name, protocol, host, "
            + "port, framing, mode, greeting, tls, proxy-protocol, delay, drop-rate, close-after, reset-after, "
            + "reset-rate, stall-after, throttle, fault-seed)"},
        new String[] {"port=1,port=2", "listen: \"port=1,port=2\": port: set twice"},
        new String[] {"port", "listen: \"port\": expected key=value, found \"port\""},
        new String[] {"greeting=\"open", "listen: \"greeting=\\\"open\": a quote is not closed"},
        new String[] {"framing=raw,mode=hello", "listen: \"framing=raw,mode=hello\": mode: hello needs messages, "
            + "but framing raw has none (use line or length framing)"},
        new String[] {"name=a b", "listen: \"name=a b\": name: \"a b\" (expected: letters, digits, '-', '_' and '.')"},
        new String[] {"tls=maybe", "listen: \"tls=maybe\": tls: not a boolean: \"maybe\" (expected: true or false)"});
    for (String[] c : cases) {
      assertThatThrownBy(() -> ListenerSpec.parse(c[0], DEFAULTS)).as(c[0])
          .isInstanceOf(ConfigException.class).hasMessage(c[1]);
    }
  }
}
