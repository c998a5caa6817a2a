package dev.berth.cli;

import dev.berth.server.system.BerthVersion;
import picocli.CommandLine;

/** Prints the version the build recorded, with the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "berth " + BerthVersion.get(),
      "JVM " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")"
    };
  }
}
