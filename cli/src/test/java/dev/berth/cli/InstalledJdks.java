package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs (17 or newer) on this machine that the end-to-end tests run berth on: the one running
 * the tests, and every one under {@code /usr/lib/jvm} (where Debian and the Temurin packages
 * put them), each once however many links lead to it.
 */
final class InstalledJdks {

  private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

  /** A JDK: its home and its version as its {@code release} file says it. */
  record Jdk(Path home, String version) {

    int feature() {
      return Integer.parseInt(version.split("[^0-9]", 2)[0]);
    }

    Path java() {
      return home.resolve("bin").resolve("java");
    }

    @Override
    public String toString() {
      return "JDK " + version + " (" + home + ")";
    }
  }

  private InstalledJdks() {}

  /** The JDK running the tests. */
  static Jdk current() {
    return read(Path.of(System.getProperty("java.home")));
  }

  static List<Jdk> find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
    if (Files.isDirectory(JVM_DIRECTORY)) {
      try (Stream<Path> homes = Files.list(JVM_DIRECTORY)) {
        homes.sorted().forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<Path, Jdk> jdks = new LinkedHashMap<>();
    for (Path home : candidates) {
      Jdk jdk = read(home);
      if (jdk != null && jdk.feature() >= 17) {
        jdks.putIfAbsent(jdk.home(), jdk);
      }
    }
    List<Jdk> found = new ArrayList<>(jdks.values());
    found.sort(Comparator.comparing(Jdk::feature));
    System.out.println("JDKs found to run berth on: " + found);
    return found;
  }

  private static Jdk read(Path home) {
    try {
      Path real = home.toRealPath();
      Path release = real.resolve("release");
      if (!Files.isExecutable(real.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
        return null;
      }
      Matcher version = JAVA_VERSION.matcher(Files.readString(release));
      return version.find() ? new Jdk(real, version.group(1)) : null;
    } catch (IOException e) {
      return null; // a broken link or an unreadable directory is not a JDK to run on
    }
  }
}
