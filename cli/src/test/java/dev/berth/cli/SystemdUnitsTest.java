package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.Durations;
import dev.berth.config.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units in docker/systemd/: systemd-analyze verifies them (a template through one of
 * its instances), each socket hands its port to the listener of the name berth gives it, a stop
 * waits longer than the drain, and the single service and the template are hardened alike.
 */
class SystemdUnitsTest {

  private static final Path SYSTEMD = RepoFiles.DOCKER.resolve("systemd");
  private static final List<String> UNITS = List.of("berth.socket", "berth.service", "berth@.socket", "berth@.service");
  private static final Pattern OPTION = Pattern.compile("--([a-z-]+) (\\S+)");

  @Test
  void systemdAnalyzeVerifiesTheUnitsAndAnInstanceOfTheTemplate(@TempDir Path units) throws Exception {
    Path analyze = ExternalCommand.require("systemd-analyze", "systemd");
    // It checks that ExecStart's program exists.
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "skipped: ExecStart's /usr/bin/java is missing here");
    for (String unit : UNITS) {
      Files.copy(SYSTEMD.resolve(unit), units.resolve(unit));
    }
    ExternalCommand.Result verify = ExternalCommand.run(units, Map.of("SYSTEMD_UNIT_PATH", units + ":"),
        Duration.ofMinutes(1), analyze.toString(), "verify",
        "berth.socket", "berth.service", "berth@.socket", "berth@.service", "berth@64.socket", "berth@64.service");

    assertThat(verify.output()).as("systemd-analyze's complaints").isEmpty();
    assertThat(verify.succeeded()).isTrue();
  }

  @Test
  void eachSocketHandsItsPortToTheListenerBerthNamesAfterIt() {
    for (String name : List.of("berth", "berth@")) {
      Map<String, List<String>> socket = section(name + ".socket", "Socket");
      Map<String, String> options = execStartOptions(name + ".service");
      String port = socket.get("ListenStream").get(0);
      assertThat(options).as(name + ".service").containsEntry("port", port);
      // berth's default listener name: <protocol>-<port>.
      assertThat(socket.get("FileDescriptorName")).as(name + ".socket").containsExactly("tcp-" + port);
      assertThat(socket.get("ReusePort")).containsExactly("yes");
    }
    assertThat(execStartOptions("berth@.service")).as("a metrics port per slot").containsEntry("metrics-port", "94%i");
  }

  @Test
  void aStopIsOneSigtermAndWaitsLongerThanTheDrain() {
    for (String unit : List.of("berth.service", "berth@.service")) {
      Map<String, List<String>> service = section(unit, "Service");
      Duration drain = Durations.parse(execStartOptions(unit)
          .getOrDefault("drain-timeout", ServerOptions.DRAIN_TIMEOUT.defaultValue()));
      assertThat(service.get("KillSignal")).as(unit).containsExactly("SIGTERM");
      assertThat(Durations.parse(service.get("TimeoutStopSec").get(0))).as(unit).isGreaterThan(drain);
      assertThat(Long.parseLong(service.get("LimitNOFILE").get(0))).as(unit)
          .isGreaterThan(Long.parseLong(ServerOptions.MAX_CONNECTIONS.defaultValue()) + 256);
    }
  }

  @Test
  void theServiceAndTheTemplateAreHardenedAlike() {
    Map<String, List<String>> single = section("berth.service", "Service");
    Map<String, List<String>> template = section("berth@.service", "Service");
    single.remove("ExecStart");
    template.remove("ExecStart");
    assertThat(template).isEqualTo(single);
    assertThat(single).as("the passed socket non-blocking, as berth's event loops need it")
        .containsEntry("NonBlocking", List.of("yes"));
    assertThat(single).containsEntry("NoNewPrivileges", List.of("yes"))
        .containsEntry("ProtectSystem", List.of("strict"))
        .containsEntry("CapabilityBoundingSet", List.of(""))
        .containsEntry("DynamicUser", List.of("yes"));
    // The JIT compiler needs memory that is written and then executed.
    assertThat(single).doesNotContainKey("MemoryDenyWriteExecute");
  }

  /** The --option value pairs of a service's ExecStart. */
  private static Map<String, String> execStartOptions(String unit) {
    Map<String, String> options = new LinkedHashMap<>();
    Matcher option = OPTION.matcher(section(unit, "Service").get("ExecStart").get(0));
    while (option.find()) {
      options.put(option.group(1), option.group(2));
    }
    return options;
  }

  /** One section of a unit file: each key with its values in order, continued lines joined. */
  private static Map<String, List<String>> section(String unit, String name) {
    Map<String, List<String>> entries = new LinkedHashMap<>();
    String current = null;
    String text = RepoFiles.read(SYSTEMD.resolve(unit)).replaceAll("\\\\\\n\\s*", " ");
    for (String line : text.lines().map(String::strip).toList()) {
      if (line.startsWith("[")) {
        current = line.substring(1, line.length() - 1);
      } else if (name.equals(current) && !line.isEmpty() && !line.startsWith("#") && !line.startsWith(";")) {
        int equals = line.indexOf('=');
        entries.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>()).add(line.substring(equals + 1));
      }
    }
    assertThat(entries).as(unit + " [" + name + "]").isNotEmpty();
    return entries;
  }
}
