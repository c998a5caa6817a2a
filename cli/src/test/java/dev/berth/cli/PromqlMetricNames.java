package dev.berth.cli;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names that a PromQL expression selects, as written in a Grafana dashboard or an
 * alert rule: not its functions, keywords, label names, strings, durations or Grafana variables.
 * A reader for our own expressions, not a PromQL parser: PrometheusScrapeIT has a real
 * Prometheus run each of them.
 */
final class PromqlMetricNames {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  /** A name not inside another token (1e3, 5m) and not called (rate(...)). */
  private static final Pattern NAME = Pattern.compile("(?<![\\w.])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset", "by",
      "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");
  /** Grafana's {@code label_values(SELECTOR, LABEL)} in a variable's query. */
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

  private PromqlMetricNames() {}

  static Set<String> of(String expression) {
    String rest = expression;
    for (Pattern noise : new Pattern[] {STRING, GRAFANA_VARIABLE, LABEL_MATCHERS, RANGE, LABEL_LIST}) {
      rest = noise.matcher(rest).replaceAll(" ");
    }
    Set<String> names = new TreeSet<>();
    Matcher name = NAME.matcher(rest);
    while (name.find()) {
      if (!KEYWORDS.contains(name.group())) {
        names.add(name.group());
      }
    }
    return names;
  }

  /** The names in a Grafana variable's query: {@code label_values(berth_info, instance)}. */
  static Set<String> ofVariableQuery(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (!labelValues.matches()) {
      throw new IllegalArgumentException("not label_values(SELECTOR, LABEL): " + query);
    }
    return of(labelValues.group(1));
  }
}
