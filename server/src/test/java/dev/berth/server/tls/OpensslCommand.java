package dev.berth.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command as a real TLS peer: started, fed, its output collected, ended by its own handle. */
final class OpensslCommand implements AutoCloseable {

  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private OpensslCommand(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> collect(process.getInputStream()), "openssl-output");
    reader.setDaemon(true);
    reader.start();
  }

  static boolean present() {
    try {
      Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static OpensslCommand start(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    return new OpensslCommand(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  void send(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Everything it has written so far, standard output and error together. */
  String output() {
    return output.toString();
  }

  private void collect(InputStream stream) {
    byte[] buffer = new byte[4096];
    try {
      for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      output.append("\n(output ended: ").append(e.getMessage()).append(')');
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
