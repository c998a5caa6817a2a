package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker/compose.yaml, read as a Compose implementation would read the parts the tests check. */
final class ComposeFile {

  static final Path PATH = RepoFiles.DOCKER.resolve("compose.yaml");

  private final JsonNode services = RepoFiles.yaml(PATH).path("services");

  JsonNode service(String name) {
    JsonNode service = services.path(name);
    if (service.isMissingNode()) {
      throw new AssertionError(PATH + ": no service " + name);
    }
    return service;
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The berth instances: the services built from docker/Dockerfile. */
  List<String> berthInstances() {
    return serviceNames().stream().filter(name -> service(name).has("build")).toList();
  }

  /** A service's bind mounts, container path to host path (resolved from docker/, as Compose does). */
  Map<String, Path> mounts(String name) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service(name).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts[0].startsWith(".")) {
        mounts.put(parts[1], RepoFiles.DOCKER.resolve(parts[0]).normalize());
      }
    }
    return mounts;
  }

  /** The host file behind {@code containerPath} in a service: a file mount, or a file in a mounted directory. */
  Optional<Path> hostPathOf(String name, String containerPath) {
    for (Map.Entry<String, Path> mount : mounts(name).entrySet()) {
      Path inside = Path.of(mount.getKey());
      Path wanted = Path.of(containerPath);
      if (wanted.startsWith(inside)) {
        return Optional.of(mount.getValue().resolve(inside.relativize(wanted).toString()));
      }
    }
    return Optional.empty();
  }

  /** A service's command as a list. */
  List<String> command(String name) {
    List<String> command = new ArrayList<>();
    service(name).path("command").forEach(word -> command.add(word.asText()));
    return command;
  }

  /** The value of {@code --option VALUE} or {@code --option=VALUE} in a service's command. */
  Optional<String> option(String name, String option) {
    List<String> command = command(name);
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i).equals(option) && i + 1 < command.size()) {
        return Optional.of(command.get(i + 1));
      }
      if (command.get(i).startsWith(option + "=")) {
        return Optional.of(command.get(i).substring(option.length() + 1));
      }
    }
    return Optional.empty();
  }
}
