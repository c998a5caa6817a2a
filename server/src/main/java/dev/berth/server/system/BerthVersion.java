package dev.berth.server.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of berth, as the build recorded it. */
public final class BerthVersion {

  private static final String VERSION = load();

  private BerthVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BerthVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
