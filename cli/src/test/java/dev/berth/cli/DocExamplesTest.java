package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocExamplesTest {

  @Test
  void promptsAreCommandsAndTheLinesAfterThemTheirOutput() {
    DocExamples parsed = DocExamples.parse(String.join("\n",
        "Text.",
        "```",
        "$ berth server --port 1 &               # in the background",
        "$ printf 'hi\\n' | nc -N localhost 1   # exit 1 when refused",
        "hi",
        "```"));

    assertThat(parsed.examples()).hasSize(2);
    assertThat(parsed.examples().get(0).commands()).containsExactly(
        new DocExamples.Command("berth server --port 1 &               # in the background", 3, 0, true));
    assertThat(parsed.examples().get(1).commands().get(0).expectedExit()).isEqualTo(1);
    assertThat(parsed.examples().get(1).commands().get(0).background()).isFalse();
    assertThat(parsed.examples().get(1).expectedOutput()).containsExactly("hi");
  }

  @Test
  void aQuoteOpenAtTheEndOfALineContinuesTheCommand() {
    DocExamples parsed = DocExamples.parse(String.join("\n",
        "```sh",
        "sh -c 'for run in 1 2; do",
        "  echo \"run $run\"",
        "done' &",
        "echo \"it's\" \\'    # the server's",
        "```"));

    assertThat(parsed.examples().get(0).commands()).extracting(DocExamples.Command::text).containsExactly(
        "sh -c 'for run in 1 2; do\n  echo \"run $run\"\ndone' &", "echo \"it's\" \\'    # the server's");
    assertThat(parsed.examples().get(0).commands().get(0).background()).isTrue();
  }

  @Test
  void aCommandEndingInAnAmpersandOrKeepingItsProcessIdRunsInTheBackground() {
    DocExamples parsed = DocExamples.parse(String.join("\n",
        "```sh",
        "berth server --port 1 & A=$!",
        "berth server --port 2 &   # a comment",
        "true && true",
        "```"));

    assertThat(parsed.examples().get(0).commands()).extracting(DocExamples.Command::background)
        .containsExactly(true, true, false);
  }

  @Test
  void shellBlocksJoinContinuationsAndHereDocumentsAndTakeMarkedOutput() {
    DocExamples parsed = DocExamples.parse(String.join("\n",
        "```sh",
        "# a comment",
        "berth server \\",
        "  --port 2 &",
        "python3 - <<'PY'",
        "print('#not a comment')",
        "PY",
        "```",
        "",
        "<!-- docs-test: output -->",
        "```",
        "#not a comment",
        "```",
        "<!-- docs-test: skip: needs Docker -->",
        "```sh",
        "docker compose up",
        "```"));

    assertThat(parsed.examples()).singleElement().satisfies(example -> {
      assertThat(example.commands()).extracting(DocExamples.Command::text).containsExactly(
          "berth server \\\n  --port 2 &", "python3 - <<'PY'\nprint('#not a comment')\nPY");
      assertThat(example.commands()).extracting(DocExamples.Command::background).containsExactly(true, false);
      assertThat(example.expectedOutput()).containsExactly("#not a comment");
    });
    assertThat(parsed.skipped()).containsExactly(new DocExamples.Skipped(16, "needs Docker"));
  }

  @Test
  void numbersMatchAnyNumberAndLeftOutLinesAreSkipped() {
    assertThat(DocOutput.missing(List.of("messages 916,556 in 4.0s", "...", "latency p50 377µs"),
        List.of("x", "  messages    12 in 4.1s", "y", "  latency     p50 1.2ms"))).isEmpty();
    assertThat(DocOutput.missing(List.of("b", "a"), List.of("a", "b"))).contains("a");
  }

  @Test
  void dotsWithinALineStandForTextLeftOutOfIt() {
    List<String> logged = List.of("12:00:01 INFO TLS certificate (DNS:localhost, DNS:vm), valid until 2027-12-01T00:30:33Z,"
        + " SHA-256 E9:49:78");
    assertThat(DocOutput.missing(List.of("... INFO TLS certificate (DNS:localhost, DNS:...), valid until ..., SHA-256 ..."),
        logged)).isEmpty();
    assertThat(DocOutput.missing(List.of("... valid until ..., DNS:localhost"), logged)).isPresent();
    assertThat(DocOutput.missing(List.of("SHA-256 ...", "..."), logged)).isEmpty();
  }

  @Test
  void theServersACommandStartsAreCounted() {
    assertThat(DocScript.servers("berth server --port 1 & berth server --port 1 &")).isEqualTo(2);
    assertThat(DocScript.servers("taskset -c 0 java -jar cli/target/berth.jar server &")).isEqualTo(1);
    assertThat(DocScript.servers("BERTH_MODE=reverse berth server --config b.yaml --print-config")).isZero();
    assertThat(DocScript.servers("(sleep 3; kill -TERM $A) & berth bench --port 1")).isZero();
    assertThat(DocScript.servers("systemd-socket-activate -l 127.0.0.1:1 berth server --port 1 &")).isZero();
    assertThat(DocScript.servers("cat > b.yaml <<'EOF'\n# options of `berth server`\nport: 1\nEOF")).isZero();
    assertThat(DocScript.servers("curl -s localhost:9464/metrics   # from berth server &")).isZero();
  }
}
