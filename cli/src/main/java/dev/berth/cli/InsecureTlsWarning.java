package dev.berth.cli;

import dev.berth.config.ClientTlsConfig;
import java.io.PrintWriter;

/** The line {@code berth client} and {@code berth bench} print when {@code --tls-insecure} turns verification off. */
final class InsecureTlsWarning {

  static final String TEXT = "berth: warning: --tls-insecure: the server's certificate and name are not verified, "
      + "so anyone on the path can read and change this traffic";

  private InsecureTlsWarning() {}

  static void printIfInsecure(ClientTlsConfig tls, PrintWriter err) {
    if (tls != null && tls.insecure()) {
      err.println(TEXT);
      err.flush();
    }
  }
}
