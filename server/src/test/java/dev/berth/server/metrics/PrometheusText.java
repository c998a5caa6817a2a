package dev.berth.server.metrics;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: it rejects what
 * Prometheus would reject (bad names, bad escapes, bad numbers, a sample before its TYPE, a
 * family split in two, a sample that does not belong to its family, a duplicate series), so a
 * body it accepts is one a scraper can ingest.
 */
public final class PrometheusText {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One metric family: its TYPE and HELP, and its samples keyed by series. */
  public record Family(String name, String type, String help, Map<Series, Double> samples) {}

  /** A sample's name with its labels, sorted, so that equal series compare equal. */
  public record Series(String name, Map<String, String> labels) {
    public static Series of(String name, String... labelPairs) {
      Map<String, String> labels = new TreeMap<>();
      for (int i = 0; i + 1 < labelPairs.length; i += 2) {
        labels.put(labelPairs[i], labelPairs[i + 1]);
      }
      return new Series(name, Collections.unmodifiableMap(labels));
    }
  }

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The value of one series; fails the test when it is not there. */
  public double value(String name, String... labelPairs) {
    Series series = Series.of(name, labelPairs);
    for (Family family : families.values()) {
      Double value = family.samples().get(series);
      if (value != null) {
        return value;
      }
    }
    throw new AssertionError("no series " + series + " in the exposition");
  }

  public static PrometheusText parse(String body) {
    if (!body.isEmpty() && !body.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a newline");
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Set<String> finished = new HashSet<>();
    Set<Series> seen = new HashSet<>();
    String current = null;
    int lineNumber = 0;
    for (String line : body.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          String[] parts = line.split(" ", 4);
          if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            String name = requireMatch(METRIC_NAME, parts[2], "metric name");
            if (!name.equals(current)) {
              if (current != null) {
                finished.add(current);
              }
              if (finished.contains(name)) {
                throw new IllegalArgumentException("family " + name + " appears twice");
              }
              current = name;
            }
            Family family = families.computeIfAbsent(name, n -> new Family(n, null, null, new LinkedHashMap<>()));
            String text = parts.length == 4 ? parts[3] : "";
            if (parts[1].equals("TYPE")) {
              if (family.type() != null || !family.samples().isEmpty()) {
                throw new IllegalArgumentException("TYPE of " + name + " after its samples or twice");
              }
              if (!TYPES.contains(text)) {
                throw new IllegalArgumentException("unknown type " + text);
              }
              families.put(name, new Family(name, text, family.help(), family.samples()));
            } else {
              if (family.help() != null) {
                throw new IllegalArgumentException("HELP of " + name + " twice");
              }
              families.put(name, new Family(name, family.type(), unescape(text), family.samples()));
            }
          }
          continue;
        }
        Cursor cursor = new Cursor(line);
        String name = requireMatch(METRIC_NAME, cursor.takeWhile(c -> c != '{' && c != ' '), "metric name");
        Map<String, String> labels = cursor.peek() == '{' ? labels(cursor) : new TreeMap<>();
        cursor.expect(' ');
        String[] rest = cursor.rest().split(" ");
        if (rest.length > 2) {
          throw new IllegalArgumentException("trailing text after the value");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
          Long.parseLong(rest[1]);
        }
        Family family = familyOf(name, labels, current, families);
        Series series = new Series(name, Collections.unmodifiableMap(labels));
        if (!seen.add(series)) {
          throw new IllegalArgumentException("duplicate series " + series);
        }
        if (family.type().equals("counter") && !(value >= 0)) {
          throw new IllegalArgumentException("counter below zero");
        }
        family.samples().put(series, value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage() + ": " + line, e);
      }
    }
    for (Family family : families.values()) {
      if (family.type() == null) {
        throw new IllegalArgumentException("family " + family.name() + " has no TYPE");
      }
    }
    return new PrometheusText(families);
  }

  /** The family a sample belongs to: its own, or the histogram or summary it is a part of. */
  private static Family familyOf(String name, Map<String, String> labels, String current, Map<String, Family> families) {
    Family family = current == null ? null : families.get(current);
    if (family == null || family.type() == null) {
      throw new IllegalArgumentException("sample before the TYPE of its family");
    }
    String type = family.type();
    boolean belongs = name.equals(current)
        || (type.equals("histogram") && (name.equals(current + "_bucket") && labels.containsKey("le")
            || name.equals(current + "_sum") || name.equals(current + "_count")))
        || (type.equals("summary") && (name.equals(current + "_sum") || name.equals(current + "_count")));
    if (!belongs) {
      throw new IllegalArgumentException("sample " + name + " in family " + current + " of type " + type);
    }
    return family;
  }

  private static Map<String, String> labels(Cursor cursor) {
    Map<String, String> labels = new TreeMap<>();
    cursor.expect('{');
    while (cursor.peek() != '}') {
      String name = requireMatch(LABEL_NAME, cursor.takeWhile(c -> c != '='), "label name");
      cursor.expect('=');
      cursor.expect('"');
      StringBuilder value = new StringBuilder();
      while (cursor.peek() != '"') {
        char c = cursor.next();
        if (c == '\\') {
          char escaped = cursor.next();
          switch (escaped) {
            case '\\': value.append('\\'); break;
            case '"': value.append('"'); break;
            case 'n': value.append('\n'); break;
            default: throw new IllegalArgumentException("bad escape \\" + escaped);
          }
        } else {
          value.append(c);
        }
      }
      cursor.expect('"');
      if (labels.put(name, value.toString()) != null) {
        throw new IllegalArgumentException("label " + name + " twice");
      }
      if (cursor.peek() == ',') {
        cursor.next();
      } else if (cursor.peek() != '}') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
    cursor.expect('}');
    return labels;
  }

  private static double number(String text) {
    switch (text) {
      case "NaN": return Double.NaN;
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      default:
        if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
          throw new IllegalArgumentException("not a number: " + text);
        }
        return Double.parseDouble(text);
    }
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = i + 1 < text.length() ? text.charAt(++i) : ' ';
      if (escaped == '\\') {
        out.append('\\');
      } else if (escaped == 'n') {
        out.append('\n');
      } else {
        throw new IllegalArgumentException("bad escape in HELP");
      }
    }
    return out.toString();
  }

  private static String requireMatch(Pattern pattern, String text, String what) {
    if (!pattern.matcher(text).matches()) {
      throw new IllegalArgumentException("bad " + what + " \"" + text + "\"");
    }
    return text;
  }

  /** Reads a line character by character. */
  private static final class Cursor {
    private final String line;
    private int position;

    Cursor(String line) {
      this.line = line;
    }

    char peek() {
      if (position >= line.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return line.charAt(position);
    }

    char next() {
      char c = peek();
      position++;
      return c;
    }

    void expect(char expected) {
      if (next() != expected) {
        throw new IllegalArgumentException("expected '" + expected + "' at column " + position);
      }
    }

    String takeWhile(IntPredicate accept) {
      int start = position;
      while (position < line.length() && accept.test(line.charAt(position))) {
        position++;
      }
      return line.substring(start, position);
    }

    String rest() {
      return line.substring(position);
    }
  }
}
