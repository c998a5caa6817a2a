package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The project's own files that tests check, from the working tree (tests run in cli/). YAML is
 * read with snakeyaml-engine, as berth reads its configuration, and handed out as Jackson trees
 * so that JSON and YAML are walked the same way.
 */
final class RepoFiles {

  static final Path ROOT = Path.of("..");
  static final Path DOCKER = ROOT.resolve("docker");
  static final Path OPERATIONS_DOC = ROOT.resolve("docs").resolve("operations.md");

  private static final ObjectMapper JSON = new ObjectMapper();

  private RepoFiles() {}

  /** The one YAML document in {@code file}. */
  static JsonNode yaml(Path file) {
    List<JsonNode> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new AssertionError(file + ": " + documents.size() + " YAML documents (expected: 1)");
    }
    return documents.get(0);
  }

  /** Every YAML document in {@code file}. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadAllFromString(read(file))
        .forEach(document -> documents.add(JSON.valueToTree(document)));
    return documents;
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": not JSON", e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
