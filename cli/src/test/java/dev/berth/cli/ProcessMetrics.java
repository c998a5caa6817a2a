package dev.berth.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A berth process's {@code /metrics}, at the address its ready line names. */
final class ProcessMetrics {

  private static final Pattern ADDRESS = Pattern.compile(" ready: .* metrics=(\\S+)");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][^ {]*(?:\\{[^}]*\\})?) (\\S+)$");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI uri;

  private ProcessMetrics(String address) {
    this.uri = URI.create("http://" + address + "/metrics");
  }

  /** The endpoint of {@code server}, which must be ready and started with {@code --metrics-port 0}. */
  static ProcessMetrics of(BerthProcess server) {
    for (String line : server.stderr()) {
      Matcher ready = ADDRESS.matcher(line);
      if (ready.find()) {
        return new ProcessMetrics(ready.group(1));
      }
    }
    throw new IllegalStateException("no ready line with a metrics address: " + server.stderr());
  }

  /** Every sample, by series as written ({@code name{label="value"}}). */
  Map<String, Double> scrape() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Double> samples = new LinkedHashMap<>();
      for (String line : response.body().split("\n")) {
        Matcher sample = SAMPLE.matcher(line);
        if (!line.startsWith("#") && sample.matches()) {
          samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
      }
      return samples;
    } catch (IOException e) {
      throw new AssertionError("cannot scrape " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A series such as {@code berth_connections_closed_total{cause="idle"}}, summed over the labels
   * it does not name (every listener's, say); an error when no series matches.
   */
  long value(String series) {
    int brace = series.indexOf('{');
    String name = brace < 0 ? series : series.substring(0, brace);
    List<String> labels = brace < 0 ? List.of() : labels(series.substring(brace));
    double sum = 0;
    boolean found = false;
    for (Map.Entry<String, Double> sample : scrape().entrySet()) {
      String key = sample.getKey();
      int keyBrace = key.indexOf('{');
      String keyName = keyBrace < 0 ? key : key.substring(0, keyBrace);
      if (keyName.equals(name) && (keyBrace < 0 ? List.<String>of() : labels(key.substring(keyBrace))).containsAll(labels)) {
        sum += sample.getValue();
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no series " + series + " at " + uri);
    }
    return (long) sum;
  }

  /** The {@code key="value"} pairs of {@code {key="value",...}}. */
  private static List<String> labels(String braces) {
    List<String> pairs = new ArrayList<>();
    Matcher pair = LABEL.matcher(braces);
    while (pair.find()) {
      pairs.add(pair.group());
    }
    return pairs;
  }
}
