package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A successor or a {@code berth ctl} running as another user gets neither the listening sockets
 * nor an answer, nor a confusing error: the control socket's mode (0600) stops it, and where the
 * mode is opened up, the server's SO_PEERCRED check does. Needs root, to run them as {@code nobody}.
 */
class HandoverPermissionIT {

  @TempDir
  Path dir;

  @BeforeAll
  static void needsRootAndSetpriv() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    boolean root = new String(id.getInputStream().readAllBytes()).trim().equals("0");
    assumeTrue(root && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "skipped: needs root and setpriv to start a successor as another user");
  }

  @Test
  void aSuccessorOfAnotherUserIsRefusedByTheSocketsMode() throws Exception {
    String message = takeoverAsNobody(false);
    assertThat(message).contains("cannot connect to control socket").containsIgnoringCase("permission denied");
  }

  @Test
  void aSuccessorOfAnotherUserIsRefusedByTheCredentialCheck() throws Exception {
    String message = takeoverAsNobody(true);
    assertThat(message).contains("refused to hand over its sockets (it accepts only the same user; see its log)");
  }

  @Test
  void ctlOfAnotherUserIsRefusedByTheSocketsMode() throws Exception {
    assertThat(ctlAsNobody(false)).isEqualTo("berth: cannot open " + dir.resolve("berth.sock")
        + ": permission denied (run berth ctl as the server's user)");
  }

  @Test
  void ctlOfAnotherUserIsRefusedByTheCredentialCheck() throws Exception {
    assertThat(ctlAsNobody(true)).isEqualTo("berth: refused: berth ctl runs as uid 65534, the server as uid 0");
  }

  /** {@code berth ctl faults set} as nobody: its one line of stderr, once it is known the faults did not change. */
  private String ctlAsNobody(boolean openSocketMode) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path control = dir.resolve("berth.sock");
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--no-metrics",
        "--control-socket", control.toString())) {
      server.awaitReadyPort();
      if (openSocketMode) {
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rw-rw-rw-"));
      }
      BerthProcess ctl = BerthProcess.runWrapped(new String[] {"setpriv", "--reuid=65534", "--regid=65534",
          "--clear-groups"}, "ctl", "--control-socket", control.toString(), "faults", "set", "drop-rate=1");
      assertThat(ctl.exitValue()).as(String.join("\n", ctl.stderr())).isEqualTo(1);
      assertThat(ctl.stderr()).hasSize(1);
      assertThat(BerthProcess.run("ctl", "--control-socket", control.toString(), "faults").stdout())
          .singleElement().asString().endsWith(" none");
      return ctl.stderr().get(0);
    }
  }

  private String takeoverAsNobody(boolean openSocketMode) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path control = dir.resolve("berth.sock");
    try (BerthProcess old = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0",
        "--control-socket", control.toString())) {
      int port = old.awaitReadyPort();
      if (openSocketMode) {
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rw-rw-rw-"));
      }
      BerthProcess successor = BerthProcess.runWrapped(new String[] {"setpriv", "--reuid=65534", "--regid=65534",
          "--clear-groups"}, "server", "--host", "127.0.0.1", "--port", Integer.toString(port), "--metrics-port", "0",
          "--takeover-from", control.toString());
      String stderr = String.join("\n", successor.stderr());
      // Refused, it binds normally, which another user's port does not allow: one clear line, exit 1.
      assertThat(successor.exitValue()).as(stderr).isEqualTo(1);
      assertThat(stderr).contains("takeover from " + control + " failed", "binding 127.0.0.1:" + port + " instead",
          "berth: cannot bind 127.0.0.1:" + port + ": address already in use");
      if (openSocketMode) {
        Await.until("old server logs the refusal",
            () -> String.join("\n", old.stderr()).contains("refused control connection from pid"));
      }
      // The old server never stopped serving.
      assertThat(old.isAlive()).isTrue();
      return stderr;
    }
  }
}
