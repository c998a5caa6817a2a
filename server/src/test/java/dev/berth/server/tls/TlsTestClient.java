package dev.berth.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A JDK TLS client over loopback that checks the server's certificate and host name, speaking lines. */
final class TlsTestClient implements AutoCloseable {

  private final Socket raw;
  private final SSLSocket socket;
  private final BufferedReader in;
  private final OutputStream out;

  /**
   * Connects to 127.0.0.1 and handshakes, asking for (and verifying) {@code hostName}.
   *
   * @param protocols the versions it offers, or {@code null} for the JDK's defaults
   */
  TlsTestClient(SSLContext context, int port, String hostName, String... protocols) throws IOException {
    raw = new Socket();
    raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    raw.setSoTimeout(10_000);
    socket = (SSLSocket) context.getSocketFactory().createSocket(raw, hostName, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!Character.isDigit(hostName.charAt(0)) && !hostName.contains(":")) {
      // The JDK leaves out SNI for a name without a dot, such as localhost.
      parameters.setServerNames(List.of(new SNIHostName(hostName)));
    }
    if (protocols.length > 0) {
      parameters.setProtocols(protocols);
    }
    socket.setSSLParameters(parameters);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  TlsTestClient(SSLContext context, int port) throws IOException {
    this(context, port, "localhost");
  }

  /** Sends {@code line} and returns the line that comes back. */
  String exchange(String line) throws IOException {
    send(line);
    return in.readLine();
  }

  void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  String readLine() throws IOException {
    return in.readLine();
  }

  String protocol() {
    return socket.getSession().getProtocol();
  }

  X509Certificate serverCertificate() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** The TCP socket under TLS, to send bytes that are not TLS records. */
  Socket raw() {
    return raw;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
