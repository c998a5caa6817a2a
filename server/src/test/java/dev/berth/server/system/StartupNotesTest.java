package dev.berth.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.system.StartupNotes.ListenerSockets;
import dev.berth.server.system.StartupNotes.Note;
import dev.berth.config.ListenerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupNotesTest {

  private static final ServerConfig DEFAULTS = ServerConfig.defaults("max-connections", "10000", "port", "7000");
  private static final SystemSettings FINE = new SystemSettings(1 << 20, 1, true);
  private static final SystemSettings NO_MIGRATION = new SystemSettings(1 << 20, 0, true);
  private static final int ALONE = 0;

  @Test
  void nothingToSayOnAWellSetUpLinux() {
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, true, FINE, sharing(DEFAULTS, ALONE))).isEmpty();
  }

  @Test
  void anOpenFilesLimitBelowMaxConnectionsPlusHeadroom() {
    List<Note> notes = StartupNotes.check(DEFAULTS, "epoll", true, true, new SystemSettings(1024, 1, true), sharing(DEFAULTS, ALONE));

    assertThat(notes).containsExactly(new Note(true, "open-files limit is 1024, below --max-connections 10000 + 256 "
        + "for the process itself: connections past about 768 will fail; raise it to 10256 (ulimit -n, "
        + "LimitNOFILE= in systemd, --ulimit nofile= in docker) or lower --max-connections"));
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, true, new SystemSettings(10_256, 1, true), sharing(DEFAULTS, ALONE)))
        .isEmpty();
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, true, new SystemSettings(-1, 1, true), sharing(DEFAULTS, ALONE)))
        .isEmpty();
  }

  @Test
  void reusePortWantedByDefaultButNotAvailable() {
    Note note = single(StartupNotes.check(DEFAULTS, "nio", false, false, FINE, sharing(DEFAULTS, -1)));

    assertThat(note.warning()).isTrue();
    assertThat(note.text()).startsWith("SO_REUSEPORT is not available with transport nio here: reuse-port is off")
        .contains("port 7000");
    ServerConfig turnedOff = ServerConfig.defaults("reuse-port", "false");
    assertThat(StartupNotes.check(turnedOff, "nio", false, false, FINE, sharing(turnedOff, -1))).isEmpty();
  }

  @Test
  void joiningOtherListenersOnThePortIsSaid() {
    Note note = single(StartupNotes.check(DEFAULTS, "epoll", true, true, FINE, sharing(DEFAULTS, 2)));

    assertThat(note.warning()).isFalse();
    assertThat(note.text()).startsWith("joined 2 other listening sockets on port 7000 (SO_REUSEPORT)");
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, true, FINE, sharing(DEFAULTS, -1))).as("unknown").isEmpty();
  }

  @Test
  void tcpMigrateReqOffIsAWarningWhileThePortIsSharedWithoutAControlSocket() {
    List<Note> notes = StartupNotes.check(DEFAULTS, "epoll", true, true, NO_MIGRATION, sharing(DEFAULTS, 1));

    assertThat(notes).hasSize(2);
    Note migrate = notes.get(1);
    assertThat(migrate.warning()).isTrue();
    assertThat(migrate.text())
        .startsWith("net.ipv4.tcp_migrate_req is 0 and port 7000 is shared: when one of the instances there stops "
            + "by SIGTERM, the connections still waiting in its accept queue are reset")
        .contains("sysctl -w net.ipv4.tcp_migrate_req=1")
        .contains("--takeover-from");
  }

  @Test
  void tcpMigrateReqOffIsInfoForALoneInstanceOrOneWithAControlSocket() {
    Note lone = single(StartupNotes.check(DEFAULTS, "epoll", true, true, NO_MIGRATION, sharing(DEFAULTS, ALONE)));
    assertThat(lone.warning()).isFalse();
    assertThat(lone.text()).startsWith("net.ipv4.tcp_migrate_req is 0: if another instance joins port 7000");

    ServerConfig handingOver = ServerConfig.defaults("port", "7000", "control-socket", "/run/berth.sock");
    List<Note> notes = StartupNotes.check(handingOver, "epoll", true, true, NO_MIGRATION, sharing(handingOver, 1));
    assertThat(notes).extracting(Note::warning).containsOnly(false);
    assertThat(notes.get(1).text()).contains("not needed").contains("--control-socket /run/berth.sock");
  }

  @Test
  void tcpMigrateReqDoesNotMatterForASocketSystemdPassedAndKeeps() {
    // A slot of berth@.socket: systemd keeps its socket and queue through a stop, and the other
    // slots on the port are still worth saying.
    List<Note> notes = StartupNotes.check(DEFAULTS, "epoll", true, true, NO_MIGRATION,
        Map.of(DEFAULTS.listeners().get(0), new ListenerSockets(2, true)));
    assertThat(single(notes).text()).startsWith("joined 2 other listening sockets on port 7000 (SO_REUSEPORT)");
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, true, NO_MIGRATION,
        Map.of(DEFAULTS.listeners().get(0), new ListenerSockets(ALONE, true)))).isEmpty();

    // Beside a listener that binds its own, the note is about that one only.
    ServerConfig two = ServerConfig.defaults("listen", "port=7000\nport=7001");
    Note note = single(StartupNotes.check(two, "epoll", true, true, NO_MIGRATION, Map.of(
        two.listeners().get(0), new ListenerSockets(ALONE, true), two.listeners().get(1), new ListenerSockets(ALONE, false))));
    assertThat(note.text()).startsWith("net.ipv4.tcp_migrate_req is 0: if another instance joins port 7001 ");
  }

  @Test
  void tcpMigrateReqDoesNotMatterWithoutReusePortOrOffLinux() {
    assertThat(StartupNotes.check(DEFAULTS, "epoll", true, false, NO_MIGRATION, sharing(DEFAULTS, ALONE))).as("not sharing").isEmpty();
    assertThat(StartupNotes.check(DEFAULTS, "kqueue", true, true, new SystemSettings(1 << 20, -1, false), sharing(DEFAULTS, ALONE)))
        .as("not Linux").isEmpty();
  }

  @Test
  void tcpMigrateReqMissingOnAnOldLinux() {
    Note note = single(StartupNotes.check(DEFAULTS, "epoll", true, true, new SystemSettings(1 << 20, -1, true), sharing(DEFAULTS, 1))
        .subList(1, 2));
    assertThat(note.warning()).isTrue();
    assertThat(note.text()).startsWith("net.ipv4.tcp_migrate_req is not available (Linux before 5.14)");
  }

  @Test
  void readsThisMachine() {
    SystemSettings system = SystemSettings.read();

    assertThat(system.openFilesLimit()).isNotZero();
    assertThat(system.tcpMigrateReq()).isBetween(-1, 1);
  }

  /** The config's only listener with {@code others} sockets beside it on its port. */
  private static Map<ListenerConfig, ListenerSockets> sharing(ServerConfig config, int others) {
    return Map.of(config.listeners().get(0), new ListenerSockets(others, false));
  }

  private static Note single(List<Note> notes) {
    assertThat(notes).hasSize(1);
    return notes.get(0);
  }
}
