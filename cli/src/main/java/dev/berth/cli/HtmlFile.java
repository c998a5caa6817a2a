package dev.berth.cli;

import dev.berth.client.ClientException;
import dev.berth.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code --html} reports go: checked before a run, so a typo does not cost the run. */
final class HtmlFile {

  private HtmlFile() {}

  /** A usage error now when {@code path}'s folder is missing or not writable. */
  static void checkWritable(Path path) {
    Path folder = path.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new ConfigException("--html: cannot write " + path + ": no such directory: " + folder);
    }
    if (folder != null && !Files.isWritable(folder)) {
      throw new ConfigException("--html: cannot write " + path + ": permission denied");
    }
  }

  static void write(Path path, String html) {
    checkWritable(path);
    try {
      Files.writeString(path, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + ClientException.describe(e), e);
    }
  }
}
