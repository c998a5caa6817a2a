package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A UDP listener answers netcat ({@code nc -u}, netcat-openbsd), a peer that is not ours. */
class UdpNetcatIT {

  @Test
  void netcatGetsEachDatagramAnswered() throws Exception {
    Path nc = ExternalCommand.require("nc", "netcat-openbsd");
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--no-metrics",
        "--listen", "name=udp,protocol=udp,port=0,mode=reverse")) {
      int port = server.awaitReadyPort();
      Process netcat = new ProcessBuilder(nc.toString(), "-u", "127.0.0.1", Integer.toString(port))
          .redirectErrorStream(true).start();
      List<String> received = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> new BufferedReader(
          new InputStreamReader(netcat.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(received::add));
      reader.start();
      try {
        OutputStream stdin = netcat.getOutputStream();
        // One line, one datagram: netcat sends what each read of its standard input returns.
        stdin.write("stressed\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        Await.until("the first reply", Duration.ofSeconds(20), () -> received.size() >= 1);
        stdin.write("olleh\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        Await.until("the second reply", Duration.ofSeconds(20), () -> received.size() >= 2);

        // reverse turns the datagram around, its newline with it: a line that nc shows as it came.
        assertThat(received).containsExactly("desserts", "hello");
      } finally {
        netcat.destroy();
        netcat.waitFor();
        reader.join(5000);
      }
    }
  }
}
