package dev.berth.client.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.client.TestServer;
import dev.berth.client.bench.Bench;
import dev.berth.client.bench.BenchReport;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: headless Chromium (Debian's {@code chromium} package)
 * renders it offline into a screenshot, which must show charts, not a blank page. Skipped, saying
 * so, where Chromium is not installed.
 */
class BenchHtmlScreenshotTest {

  @TempDir
  Path dir;

  @Test
  void chromiumRendersTheReportIntoAPictureThatIsNotBlank() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "skipped: chromium is not installed (apt-get install chromium), so the "
        + "HTML report was not rendered; BenchHtmlTest still checks its structure");
    BenchReport report;
    try (TestServer server = TestServer.echo(Framing.LENGTH)) {
      report = Bench.run(BenchConfig.defaults("port", Integer.toString(server.port()), "framing", "length",
          "connections", "2", "duration", "1500ms", "warmup", "500ms", "io-threads", "1"),
          new PrintStream(new ByteArrayOutputStream(), true));
    }
    Path html = Files.writeString(dir.resolve("report.html"),
        BenchHtml.render(List.of(RunData.fromJson(report.toJson("berth bench --framing length"), "this run"))),
        StandardCharsets.UTF_8);
    Path png = dir.resolve("report.png");

    Process render = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile"), "--hide-scrollbars", "--window-size=800,2000",
        "--screenshot=" + png, html.toUri().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    if (!render.waitFor(2, TimeUnit.MINUTES)) {
      render.destroyForcibly();
      throw new AssertionError("chromium still running after 2 minutes: " + Files.readString(dir.resolve("chromium.log")));
    }
    assertThat(Files.exists(png)).as("screenshot written; chromium said: %s", Files.readString(dir.resolve("chromium.log")))
        .isTrue();

    BufferedImage image = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    long drawn = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          drawn++;
        }
      }
    }
    long sampled = (long) (image.getHeight() / 2) * (image.getWidth() / 2);
    // Text, grid lines and the coloured series: many colours, and a fair share of the page inked.
    assertThat(colours.size()).as("distinct colours").isGreaterThan(20);
    assertThat(drawn).as("pixels that are not white").isGreaterThan(sampled / 50);
    assertThat(colours).as("the first series' blue, #1f77b4").contains(0x1F77B4);
  }

  private static Optional<Path> chromium() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.of("chromium", "chromium-browser", "google-chrome")
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(folder -> Path.of(folder, name)))
        .filter(Files::isExecutable).findFirst();
  }
}
