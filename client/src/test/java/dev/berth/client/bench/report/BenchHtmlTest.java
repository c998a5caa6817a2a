package dev.berth.client.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.client.TestServer;
import dev.berth.client.bench.Bench;
import dev.berth.client.bench.BenchReport;
import dev.berth.client.bench.Formats;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report of real bench runs: well-formed, self-contained, with the charts and the run's numbers. */
class BenchHtmlTest {

  private static BenchReport closedLoop;
  private static BenchReport churn;

  @BeforeAll
  static void runTwoBenches() {
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      closedLoop = run(server, "connections", "2", "pipeline", "4");
      churn = run(server, "connections", "2", "churn", "true");
    }
  }

  /** Renders one or more of the runs, as the command does: from the JSON summary. */
  static String html(BenchReport... reports) {
    List<RunData> runs = new ArrayList<>();
    for (int i = 0; i < reports.length; i++) {
      runs.add(RunData.fromJson(reports[i].toJson("berth bench --connections 2 <run " + i + ">"), "run " + i));
    }
    return BenchHtml.render(runs);
  }

  @Test
  void oneRunIsAWellFormedPageWithTheThreeChartsAndTheRunsNumbers() throws Exception {
    String html = html(closedLoop);
    Document page = parse(html);

    for (String chart : List.of("latency-by-percentile", "throughput", "p99-over-time", "errors")) {
      assertThat(svg(page, chart)).as(chart).isNotNull();
    }
    // The percentile curve and the per-second series are drawn from the run's own data.
    assertThat(svg(page, "latency-by-percentile").getElementsByTagName("polyline").getLength()).isEqualTo(1);
    assertThat(svg(page, "latency-by-percentile").getElementsByTagName("circle").getLength())
        .isEqualTo((int) closedLoop.percentiles().stream().filter(point -> point.percentile() < 100).count());
    assertThat(svg(page, "throughput").getElementsByTagName("circle").getLength())
        .isEqualTo(closedLoop.timeline().size());
    assertThat(svg(page, "errors").getElementsByTagName("rect").getLength()).isEqualTo(5);
    assertThat(html)
        .contains(Formats.count(closedLoop.messages()), Formats.latency(closedLoop.latency().p99()))
        .contains("berth bench --connections 2 &lt;run 0&gt;", "cores", "transport " + closedLoop.transport())
        .contains("ok: every reply arrived and matched byte for byte");
    // Nothing to fetch: no script, no link, no external reference of any kind (namespace names are not fetched).
    assertThat(html.replace(" xmlns=\"http://www.w3.org/1999/xhtml\"", "").replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("<script", "<link", "http://", "https://", "@import", "url(")
        .doesNotContainPattern("src=");
  }

  @Test
  void severalRunsShareTheAxesEachInItsOwnColour() throws Exception {
    Document page = parse(html(closedLoop, churn));

    NodeList lines = svg(page, "latency-by-percentile").getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    assertThat(((Element) lines.item(0)).getAttribute("stroke")).isNotEqualTo(((Element) lines.item(1)).getAttribute("stroke"));
    // Five kinds times two runs, and the legend's two swatches.
    assertThat(svg(page, "errors").getElementsByTagName("rect").getLength()).isEqualTo(12);
  }

  @Test
  void aSummaryThatIsNotOneSaysSo() {
    assertThatThrownBy(() -> RunData.fromJson("{\"a\": 1}", "x")).hasMessage("not a berth bench summary (no \"messages\" field)");
    assertThatThrownBy(() -> RunData.fromJson("[", "x")).hasMessageStartingWith("not JSON at character 1");
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element svg(Document page, String id) {
    NodeList svgs = page.getElementsByTagName("svg");
    for (int i = 0; i < svgs.getLength(); i++) {
      Element svg = (Element) svgs.item(i);
      if (id.equals(svg.getAttribute("id"))) {
        return svg;
      }
    }
    return null;
  }

  private static BenchReport run(TestServer server, String... options) {
    List<String> pairs = new ArrayList<>(List.of("port", Integer.toString(server.port()), "duration", "2200ms",
        "warmup", "500ms", "io-threads", "1"));
    pairs.addAll(List.of(options));
    return Bench.run(BenchConfig.defaults(pairs.toArray(String[]::new)), new PrintStream(new ByteArrayOutputStream(), true));
  }
}
