package dev.berth.client.bench;

import java.util.Locale;

/**
 * What a bench ran on, for its report: a figure means little without it.
 *
 * @param cores the processors the JVM may use
 * @param jdk vendor and version, e.g. {@code Eclipse Adoptium 17.0.13}
 * @param os name, version and architecture, e.g. {@code Linux 6.8.0 amd64}
 */
public record Machine(int cores, String jdk, String os) {

  /** This machine. */
  public static Machine current() {
    return new Machine(Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vendor", "?") + " " + System.getProperty("java.version", "?"),
        String.format(Locale.ROOT, "%s %s %s", System.getProperty("os.name", "?"),
            System.getProperty("os.version", "?"), System.getProperty("os.arch", "?")));
  }
}
