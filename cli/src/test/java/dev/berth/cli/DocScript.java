package dev.berth.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bash script that runs a document's commands in order for {@link DocsExamplesIT}: each one's
 * output in {@code out/N.out}, its exit status in {@code out/N.rc}, the one running in {@code
 * out/current}. After a command that starts a berth server it waits until every berth server
 * started so far is ready (or has exited); after one that starts anything else in the background,
 * until a new socket listens in the namespace (or the command has ended).
 */
final class DocScript {

  /** A berth server started (by the jar, the launcher or {@code berth}); group 1 when it only prints. */
  private static final Pattern SERVER = Pattern.compile(
      "\\bberth(?:\\.jar)?\\s+server\\b(?:[^;&|\\n]*(--print-config|--help|--version))?");

  /** Binds the socket itself and starts its command (a berth server) only at the first connection. */
  private static final Pattern ON_DEMAND = Pattern.compile("\\bsystemd-socket-activate\\b");

  /** How long the berth servers a command started may take to be ready. */
  private static final Duration READY_LIMIT = Duration.ofSeconds(120);

  /** How long a background command other than a berth server may take to listen. */
  private static final Duration LISTEN_LIMIT = Duration.ofSeconds(60);

  private DocScript() {}

  /**
   * The script for {@code commands}, run in {@code scratch}'s {@code work/} with its {@code bin/}
   * first on the PATH, where the {@code java} wrapper writes each berth server's log to {@code logs/PID.log}.
   */
  static String of(List<DocExamples.Command> commands, Path scratch) {
    Path out = scratch.resolve("out");
    Path logs = scratch.resolve("logs");
    Path listening = scratch.resolve("listening");
    StringBuilder script = new StringBuilder()
        .append("export PATH=").append(scratch.resolve("bin")).append(":$PATH HOME=").append(scratch)
        .append("\nunset JAVA_HOME\nexec </dev/null\n")
        // docs_wait_ready BEFORE N: until N more berth servers than BEFORE have written a log
        // (the java wrapper names it by the server's pid), and then until each of them has its
        // ready line, or has exited.
        .append("docs_servers() { ls ").append(logs).append(" | wc -l; }\n")
        .append("docs_wait_ready() {\n")
        .append("  local log pid end=$((SECONDS + ").append(READY_LIMIT.toSeconds()).append("))\n")
        .append("  while [ \"$(docs_servers)\" -lt $(($1 + $2)) ] && [ $SECONDS -lt $end ]; do sleep 0.1; done\n")
        .append("  for log in ").append(logs).append("/*.log; do\n")
        .append("    [ -e \"$log\" ] || continue\n")
        .append("    pid=$(basename \"$log\" .log)\n")
        .append("    while kill -0 \"$pid\" 2>/dev/null && ! grep -qs ' ready: ' \"$log\" && [ $SECONDS -lt $end ]; do\n")
        .append("      sleep 0.1\n")
        .append("    done\n")
        .append("  done\n")
        .append("}\n")
        // docs_wait_listening BEFORE PID: until a socket listens that did not before, or PID has ended.
        .append("docs_listening() { ss -Hltun | awk '{print $1, $5}' | sort -u; }\n")
        .append("docs_wait_listening() {\n")
        .append("  local end=$((SECONDS + ").append(LISTEN_LIMIT.toSeconds()).append("))\n")
        .append("  while ! docs_listening | grep -qvxF -f \"$1\" && kill -0 \"$2\" 2>/dev/null && [ $SECONDS -lt $end ]; do\n")
        .append("    sleep 0.1\n")
        .append("  done\n")
        .append("}\n");
    for (int i = 0; i < commands.size(); i++) {
      DocExamples.Command command = commands.get(i);
      String delimiter = "DOCS_EXAMPLE_" + i;
      script.append("echo ").append(i).append(" > ").append(out).append("/current\n")
          .append("docs_before=$(docs_servers)\n")
          .append("docs_listening > ").append(listening).append('\n')
          .append("{ eval \"$(cat <<'").append(delimiter).append("'\n")
          .append(command.text()).append('\n')
          .append(delimiter).append("\n)\"; } > ").append(out).append('/').append(i).append(".out 2>&1\n")
          .append("echo $? > ").append(out).append('/').append(i).append(".rc\n");
      int servers = servers(command.text());
      if (servers > 0) {
        script.append("docs_wait_ready $docs_before ").append(servers).append('\n');
      } else if (command.background()) {
        script.append("docs_wait_listening ").append(listening).append(" $!\n");
      }
    }
    return script.toString();
  }

  /**
   * How many berth servers {@code command} starts to serve (not the ones that only print and exit,
   * nor one that systemd-socket-activate starts at the first connection, which may never come; not
   * the words "berth server" in a comment or a here-document).
   */
  static int servers(String command) {
    String code = DocExamples.code(command);
    if (ON_DEMAND.matcher(code).find()) {
      return 0;
    }
    int servers = 0;
    Matcher server = SERVER.matcher(code);
    while (server.find()) {
      servers += server.group(1) == null ? 1 : 0;
    }
    return servers;
  }
}
