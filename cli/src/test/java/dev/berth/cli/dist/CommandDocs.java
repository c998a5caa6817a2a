package dev.berth.cli.dist;

import dev.berth.cli.Berth;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the distribution (cli/pom.xml, package phase): writes the bash completion script
 * and the AsciiDoc source of the man pages, both from the command model the program itself
 * parses with ({@link Berth#commandLine()}), so neither can drift from the options. Asciidoctor
 * then turns the AsciiDoc into roff. Lives in the test sources because it needs picocli-codegen,
 * which berth.jar must not carry.
 *
 * <p>Usage: {@code CommandDocs OUTPUT_DIRECTORY}; writes {@code completion/berth} and
 * {@code man/berth.adoc}, {@code man/berth-server.adoc}, ... (one page per command).
 */
public final class CommandDocs {

  private CommandDocs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CommandDocs OUTPUT_DIRECTORY");
    }
    Path out = Path.of(args[0]);
    CommandLine berth = Berth.commandLine();

    Path completion = Files.createDirectories(out.resolve("completion")).resolve("berth");
    Files.writeString(completion, AutoComplete.bash("berth", berth), StandardCharsets.UTF_8);

    File man = Files.createDirectories(out.resolve("man")).toFile();
    int status = ManPageGenerator.generateManPage(man, null, new boolean[0], false, berth.getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException("the man page generator failed with status " + status);
    }
  }
}
