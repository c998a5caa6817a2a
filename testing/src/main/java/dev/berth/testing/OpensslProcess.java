package dev.berth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command as a real TLS peer: started, fed, its output collected, ended by its own handle. */
public final class OpensslProcess implements AutoCloseable {

  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private OpensslProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> collect(process.getInputStream()), "openssl-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether an {@code openssl} command runs here. */
  public static boolean present() {
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

  /** Starts {@code openssl ARGUMENTS...}, e.g. {@code s_client -connect 127.0.0.1:12345}. */
  public static OpensslProcess start(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    return new OpensslProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Writes {@code text} to its standard input. */
  public void send(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything it has written so far, standard output and error together. */
  public String output() {
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

  /** Ends it (SIGTERM, then SIGKILL after ten seconds). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
