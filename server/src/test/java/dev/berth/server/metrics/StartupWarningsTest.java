package dev.berth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupWarningsTest {

  private static final ServerConfig DEFAULTS = ServerConfig.defaults("max-connections", "10000", "port", "7000");
  private static final SystemSettings FINE = new SystemSettings(1 << 20, 1, true);

  @Test
  void nothingToSayOnAWellSetUpLinux() {
    assertThat(StartupWarnings.check(DEFAULTS, "epoll", true, true, FINE)).isEmpty();
  }

  @Test
  void anOpenFilesLimitBelowMaxConnectionsPlusHeadroom() {
    List<String> warnings = StartupWarnings.check(DEFAULTS, "epoll", true, true, new SystemSettings(1024, 1, true));

    assertThat(warnings).containsExactly("open-files limit is 1024, below --max-connections 10000 + 256 for the "
        + "process itself: connections past about 768 will fail; raise it to 10256 (ulimit -n, LimitNOFILE= in "
        + "systemd, --ulimit nofile= in docker) or lower --max-connections");
    assertThat(StartupWarnings.check(DEFAULTS, "epoll", true, true, new SystemSettings(10_256, 1, true))).isEmpty();
    assertThat(StartupWarnings.check(DEFAULTS, "epoll", true, true, new SystemSettings(-1, 1, true))).isEmpty();
  }

  @Test
  void reusePortWantedByDefaultButNotAvailable() {
    List<String> warnings = StartupWarnings.check(DEFAULTS, "nio", false, false, FINE);

    assertThat(warnings).singleElement().asString()
        .startsWith("SO_REUSEPORT is not available with transport nio here: reuse-port is off")
        .contains("port 7000");
    ServerConfig turnedOff = ServerConfig.defaults("reuse-port", "false");
    assertThat(StartupWarnings.check(turnedOff, "nio", false, false, FINE)).isEmpty();
  }

  @Test
  void tcpMigrateReqOffWhileSharingThePort() {
    List<String> warnings = StartupWarnings.check(DEFAULTS, "epoll", true, true, new SystemSettings(1 << 20, 0, true));

    assertThat(warnings).singleElement().asString()
        .startsWith("net.ipv4.tcp_migrate_req is 0: when this instance stops, connections still waiting in its "
            + "accept queue are reset")
        .contains("sysctl -w net.ipv4.tcp_migrate_req=1")
        .contains("--takeover-from");
    assertThat(StartupWarnings.check(DEFAULTS, "epoll", true, false, new SystemSettings(1 << 20, 0, true)))
        .as("not sharing the port").isEmpty();
    assertThat(StartupWarnings.check(DEFAULTS, "kqueue", true, true, new SystemSettings(1 << 20, -1, false)))
        .as("not Linux").isEmpty();
  }

  @Test
  void tcpMigrateReqMissingOnAnOldLinux() {
    assertThat(StartupWarnings.check(DEFAULTS, "epoll", true, true, new SystemSettings(1 << 20, -1, true)))
        .singleElement().asString()
        .startsWith("net.ipv4.tcp_migrate_req is not available (Linux before 5.14)");
  }

  @Test
  void readsThisMachine() {
    SystemSettings system = SystemSettings.read();

    assertThat(system.openFilesLimit()).isNotZero();
    assertThat(system.tcpMigrateReq()).isBetween(-1, 1);
  }
}
