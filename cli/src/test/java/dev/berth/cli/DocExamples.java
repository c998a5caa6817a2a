package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of one Markdown file, in order, as a reader would copy them: what to run and
 * what the file says comes out.
 *
 * <p>A fenced block is an example when its language is {@code sh}, {@code bash} or {@code
 * console}, or when it has none and its first line is a prompt ({@code $ }). In a block of
 * prompts, each prompt is a command and the lines after it are its documented output; in a
 * {@code sh} block every line is a command (a trailing {@code \}, an open quote or a
 * here-document continues it). A comment {@code # ... exit N} on a command says that it exits with N; otherwise it must
 * exit 0. A command that ends in {@code &} (or in {@code & PID=$!}, keeping its process id) runs
 * in the background.
 *
 * <p>Markers, HTML comments on the line before a block, which Markdown does not show:
 * <ul>
 *   <li>{@code <!-- docs-test: skip: REASON -->}: the block is not run (it installs into the
 *       system, needs Docker, or is the build itself);
 *   <li>{@code <!-- docs-test: output -->}: the block is the documented output of the example
 *       before it;
 *   <li>{@code <!-- docs-test: serves -->}: the block's last command serves until stopped, so it
 *       runs in the background.
 * </ul>
 */
final class DocExamples {

  /** One command: its text as the shell reads it, where it is, and how it must end. */
  record Command(String text, int line, int expectedExit, boolean background) {}

  /** Commands whose output together is {@code expectedOutput} (empty when the file shows none). */
  record Example(List<Command> commands, List<String> expectedOutput, int line) {}

  /** A block the file shows but the test does not run, and why. */
  record Skipped(int line, String reason) {}

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w-]*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!-- docs-test: (skip: .*|output|serves) -->$");
  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?\"?(\\w+)'?\"?");
  private static final Pattern EXIT = Pattern.compile("#.*\\bexit (\\d+)\\b");
  private static final Pattern BACKGROUND = Pattern.compile("(?<!&)&\\s*(?:\\w+=\\$!)?$");

  private final List<Example> examples = new ArrayList<>();
  private final List<Skipped> skipped = new ArrayList<>();

  private DocExamples() {}

  List<Example> examples() {
    return examples;
  }

  List<Skipped> skipped() {
    return skipped;
  }

  static DocExamples parse(String markdown) {
    DocExamples parsed = new DocExamples();
    List<String> lines = markdown.lines().toList();
    String marker = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher markerLine = MARKER.matcher(lines.get(i).strip());
      if (markerLine.matches()) {
        marker = markerLine.group(1);
        continue;
      }
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        if (!lines.get(i).isBlank()) {
          marker = null; // a marker belongs to the block right after it
        }
        continue;
      }
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !FENCE.matcher(lines.get(end)).matches()) {
        end++;
      }
      List<String> body = lines.subList(start, Math.min(end, lines.size()));
      parsed.block(fence.group(2), body, start + 1, marker);
      marker = null;
      i = end;
    }
    return parsed;
  }

  private void block(String language, List<String> body, int firstLine, String marker) {
    if (marker != null && marker.startsWith("skip: ")) {
      skipped.add(new Skipped(firstLine, marker.substring("skip: ".length())));
      return;
    }
    if ("output".equals(marker)) {
      if (examples.isEmpty()) {
        throw new IllegalArgumentException("line " + firstLine + ": an output block with no example before it");
      }
      Example last = examples.remove(examples.size() - 1);
      examples.add(new Example(last.commands(), body, last.line()));
      return;
    }
    boolean prompts = body.stream().filter(line -> !line.isBlank()).findFirst()
        .map(line -> line.startsWith("$ ")).orElse(false);
    boolean shell = language.equals("sh") || language.equals("bash") || language.equals("console");
    if (prompts) {
      promptBlock(body, firstLine);
    } else if (shell) {
      List<Command> commands = commands(body, firstLine);
      if ("serves".equals(marker) && !commands.isEmpty()) {
        Command last = commands.remove(commands.size() - 1);
        commands.add(new Command(last.text() + " &", last.line(), 0, true));
      }
      examples.add(new Example(commands, List.of(), firstLine));
    }
  }

  /** {@code $ command} lines, each followed by its output. */
  private void promptBlock(List<String> body, int firstLine) {
    for (int i = 0; i < body.size(); i++) {
      String line = body.get(i);
      if (!line.startsWith("$ ")) {
        continue;
      }
      List<String> output = new ArrayList<>();
      int next = i + 1;
      while (next < body.size() && !body.get(next).startsWith("$ ")) {
        output.add(body.get(next));
        next++;
      }
      examples.add(new Example(List.of(command(line.substring(2), firstLine + i)), output, firstLine + i));
      i = next - 1;
    }
  }

  /** The commands of a {@code sh} block: one a line, with continuations, quoted lines and here-documents joined. */
  private static List<Command> commands(List<String> body, int firstLine) {
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      String line = body.get(i);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      int first = i;
      StringBuilder text = new StringBuilder(line);
      while ((line.endsWith("\\") || quoteOpen(text)) && i + 1 < body.size()) {
        line = body.get(++i);
        text.append('\n').append(line);
      }
      Matcher heredoc = HEREDOC.matcher(text);
      if (heredoc.find()) {
        String delimiter = heredoc.group(1);
        while (i + 1 < body.size() && !body.get(i).strip().equals(delimiter)) {
          text.append('\n').append(body.get(++i));
        }
      }
      commands.add(command(text.toString(), firstLine + first));
    }
    return commands;
  }

  private static Command command(String text, int line) {
    String firstLine = text.lines().findFirst().orElse("");
    Matcher exit = EXIT.matcher(firstLine);
    int expectedExit = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
    String code = text.lines().count() == 1 ? withoutComment(text) : text;
    return new Command(text, line, expectedExit, BACKGROUND.matcher(code.strip()).find());
  }

  /** What the shell runs of a command: its lines without comments, and without the body of a here-document. */
  static String code(String text) {
    StringBuilder code = new StringBuilder();
    for (String line : text.lines().toList()) {
      code.append(withoutComment(line)).append('\n');
      if (HEREDOC.matcher(line).find()) {
        break;
      }
    }
    return code.toString();
  }

  /** Whether {@code text} ends inside a quoted string (comments, where quotes mean nothing, left out). */
  static boolean quoteOpen(CharSequence text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '\\' && quote != '\'') {
        i++;
      } else if (c == quote) {
        quote = 0;
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      }
    }
    return quote != 0;
  }

  /** A command line without its trailing comment (a {@code #} after a space, outside quotes). */
  private static String withoutComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
