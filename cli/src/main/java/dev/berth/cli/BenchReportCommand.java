package dev.berth.cli;

import dev.berth.client.ClientException;
import dev.berth.client.bench.report.BenchHtml;
import dev.berth.client.bench.report.RunData;
import dev.berth.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth bench report A.json B.json --html out.html}: runs side by side in one HTML report. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Draw the summaries of earlier runs (berth bench --json > A.json, or --json-stream) side by side on the same "
          + "axes, in one self-contained HTML file: latency by percentile, throughput and p99 second by second, "
          + "errors by kind."
    })
final class BenchReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JSON", arity = "1..*", description = "Summaries written by berth bench --json.")
  private List<Path> summaries = new ArrayList<>();

  @Option(names = "--html", paramLabel = "PATH", required = true, description = "Where to write the report.")
  private Path html;

  @Override
  public Integer call() {
    List<RunData> runs = new ArrayList<>();
    for (Path summary : summaries) {
      String json;
      try {
        json = Files.readString(summary, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("cannot read " + summary + ": " + ClientException.describe(e));
      }
      try {
        runs.add(RunData.fromJson(summaryOf(json), label(summary)));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new ConfigException(summary + ": " + (e instanceof ClassCastException
            ? "not a berth bench summary (a field has the wrong type)" : e.getMessage()));
      }
    }
    HtmlFile.write(html, BenchHtml.render(runs));
    return ExitCodes.OK;
  }

  /** The summary: the whole file, or with --json-stream's output its last line. */
  private static String summaryOf(String json) {
    String text = json.strip();
    int lastLine = text.lastIndexOf('\n');
    return lastLine >= 0 && text.startsWith("{\"second\"") ? text.substring(lastLine + 1).strip() : text;
  }

  private static String label(Path summary) {
    String name = summary.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }
}
