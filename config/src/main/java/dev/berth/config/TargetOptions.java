package dev.berth.config;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.util.List;

/**
 * The options that name the server a client or a bench talks to, and how: one definition that
 * {@link ClientOptions} and {@link BenchOptions} share, so their help, defaults and parsing agree.
 */
public final class TargetOptions {

  /** The framing when none is given (with {@code --udp} none may be). */
  public static final Framing DEFAULT_FRAMING = Framing.LINE;

  public static final ConfigKey<String> HOST =
      new ConfigKey<>("host", "ADDRESS", "127.0.0.1", "Server address.", Parsers::text);
  public static final ConfigKey<Integer> PORT =
      new ConfigKey<>("port", "PORT", "12345", "Server port.", Parsers::integer);
  // No default in the table, so that a framing given with --udp can be told from none.
  public static final ConfigKey<Framing> FRAMING = new ConfigKey<>("framing", "FRAMING", null,
      "Message framing: line (the default), length or raw; not with --udp, where a datagram is a message.",
      Framing::fromOptionName);
  public static final ConfigKey<Boolean> UDP = new ConfigKey<>("udp", null, "false",
      "Send each message as one UDP datagram, and take each datagram received as one message.", Parsers::bool);
  public static final ConfigKey<Boolean> TLS = new ConfigKey<>("tls", null, "false",
      "Speak TLS, verifying the server's certificate (against the JDK's trusted CAs, or --tls-ca) and "
          + "its name.", Parsers::bool);
  public static final ConfigKey<Path> TLS_CA = new ConfigKey<>("tls-ca", "PATH", null,
      "PEM bundle of the CAs the server's certificate must chain to, instead of the JDK's.", TargetOptions::path);
  public static final ConfigKey<Boolean> TLS_INSECURE = new ConfigKey<>("tls-insecure", null, "false",
      "Do not verify the server's certificate or name (a warning says so): encrypted, but to anyone.",
      Parsers::bool);
  public static final ConfigKey<Path> TLS_CERT = new ConfigKey<>("tls-cert", "PATH", null,
      "PEM certificate chain to show a server that asks for a client certificate (mTLS); with --tls-key.",
      TargetOptions::path);
  public static final ConfigKey<Path> TLS_KEY = new ConfigKey<>("tls-key", "PATH", null,
      "PEM private key of --tls-cert (PKCS#8, RSA or EC).", TargetOptions::path);
  public static final ConfigKey<String> TLS_SERVER_NAME = new ConfigKey<>("tls-server-name", "NAME", null,
      "Name sent as SNI and verified in the server's certificate (default: --host; no SNI for an IP address).",
      Parsers::text);
  public static final ConfigKey<ProxyProtocol> PROXY_PROTOCOL = new ConfigKey<>("proxy-protocol", "VERSION", "off",
      "Begin each connection with a PROXY protocol header, v1 (text) or v2 (binary), made from the connection's "
          + "addresses (before TLS), as a load balancer does.", ProxyProtocol::fromOptionName);
  public static final ConfigKey<IpPort> PROXY_SOURCE = new ConfigKey<>("proxy-source", "IP:PORT", null,
      "The client address the PROXY header claims, instead of the connection's own.", IpPort::parse);

  /** The TLS options that only mean something with {@link #TLS}. */
  static final List<ConfigKey<?>> TLS_DETAILS = List.of(TLS_CA, TLS_INSECURE, TLS_CERT, TLS_KEY, TLS_SERVER_NAME);

  /** The TLS and PROXY options, in the order help shows them. */
  static final List<ConfigKey<?>> SECURITY =
      List.of(TLS, TLS_CA, TLS_INSECURE, TLS_CERT, TLS_KEY, TLS_SERVER_NAME, PROXY_PROTOCOL, PROXY_SOURCE);

  private TargetOptions() {}

  /**
   * The framing in {@code settings}: {@link #DEFAULT_FRAMING} when none is given; with {@code
   * udp}, giving one is an error, since a datagram is a message.
   */
  static Framing framing(Settings settings, boolean udp) {
    Framing framing = settings.get(FRAMING);
    if (udp && framing != null) {
      throw ConfigException.invalid("framing", framing.optionName()
          + " with UDP%s (a datagram is one message: framing does not apply)", "udp");
    }
    return framing != null ? framing : DEFAULT_FRAMING;
  }

  /** With {@code --udp}: what has no meaning for datagrams is an error that says so. */
  static void checkUdp(ClientTlsConfig tls, ProxyHeaderConfig proxy) {
    if (tls != null) {
      throw ConfigException.invalid("tls", "on with UDP%s (TLS is for TCP; berth has no DTLS)", "udp");
    }
    if (proxy != null) {
      throw ConfigException.invalid("proxy-protocol", proxy.version().optionName()
          + " with UDP%s (PROXY headers begin TCP connections)", "udp");
    }
  }

  private static Path path(String text) {
    return Path.of(Parsers.text(text));
  }
}
