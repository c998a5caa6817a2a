package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades of three instances on one port under load, run by docker/rolling-upgrade.sh in
 * a network namespace this test creates (so it can set net.ipv4.tcp_migrate_req without touching
 * the host). Three loads run until the upgrade is over, whatever the machine's speed: one-shot
 * clients that never resend (as nc), churn clients that resend on a FIN, and long-lived pipelined
 * connections. Connections are kept at risk on purpose: the instances defer accepts until data
 * arrives and the churn clients send 20 ms after connecting, so each closing listener holds
 * handshakes that a careless stop resets. The negative control proves that the test sees losses.
 */
class RollingUpgradeIT {

  private static final Pattern FAILURES = Pattern.compile("(?m)^failures=(\\d+)$");
  private static final Pattern LOAD = Pattern.compile("(?m)^  (one-shot|churn|long-lived): +messages [1-9]");
  /**
   * Only a hung process reaches this: every wait in the script ends on a condition (an instance
   * ready, a drain over), and a slow machine only makes a run longer.
   */
  private static final long SAFETY_NET_MINUTES = 15;
  private static final Pattern AT_RISK = Pattern.compile("at risk: (\\d+) connections queued.*?, (\\d+) handshakes");

  @BeforeAll
  static void needsNetworkNamespaces() throws Exception {
    Process probe = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
    boolean permitted = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    assumeTrue(permitted, "skipped: creating a network namespace (unshare -n) is not permitted here; "
        + "run as root to test rolling upgrades");
  }

  @Test
  void handoverLosesNothingEvenWithoutTcpMigrateReq() throws Exception {
    String report = upgrade(0, "handover");
    assertThat(failures(report)).as(report).isZero();
    assertThat(report).contains("result: ok");
  }

  @Test
  void sigtermLosesNothingWithTcpMigrateReq() throws Exception {
    String report = upgrade(1, "sysctl");
    assertThat(failures(report)).as(report).isZero();
    assertThat(report).contains("result: ok");
  }

  @Test
  void negativeControlSigtermWithoutTcpMigrateReqLosesConnections() throws Exception {
    String report = upgrade(0, "sigterm");
    assertThat(failures(report)).as("the negative control must see resets:\n" + report).isPositive();
    System.out.println("negative control: " + failures(report) + " failures\n" + report);
  }

  private static String upgrade(int tcpMigrateReq, String path) throws IOException, InterruptedException {
    Path root = BerthProcess.jar().toAbsolutePath().getParent().getParent().getParent();
    String script = "ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=" + tcpMigrateReq
        + " && exec docker/rolling-upgrade.sh --path " + path + " --at-risk --jar " + BerthProcess.jar().toAbsolutePath();
    Process upgrade = new ProcessBuilder(List.of("unshare", "-n", "bash", "-c", script))
        .directory(root.toFile()).redirectErrorStream(true).start();
    if (!upgrade.waitFor(SAFETY_NET_MINUTES, TimeUnit.MINUTES)) {
      upgrade.destroyForcibly();
      throw new AssertionError("rolling upgrade still running after " + SAFETY_NET_MINUTES + " minutes");
    }
    String report = new String(upgrade.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // Every load reported, and carried messages: zero failures of a load that did nothing prove nothing.
    assertThat(LOAD.matcher(report).results().map(load -> load.group(1)))
        .as(report).containsExactlyInAnyOrder("one-shot", "churn", "long-lived");
    Matcher risk = AT_RISK.matcher(report);
    assertThat(risk.find()).as(report).isTrue();
    // Without connections at risk, zero failures would prove nothing.
    assertThat(Integer.parseInt(risk.group(1)) + Integer.parseInt(risk.group(2))).as(report).isPositive();
    System.out.println(report);
    return report;
  }

  private static int failures(String report) {
    Matcher failures = FAILURES.matcher(report);
    assertThat(failures.find()).as(report).isTrue();
    return Integer.parseInt(failures.group(1));
  }
}
