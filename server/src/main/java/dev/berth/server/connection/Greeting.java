package dev.berth.server.connection;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.Framing;
import dev.berth.server.system.BerthVersion;
import java.nio.charset.StandardCharsets;

/** The message sent once on connect: {@code --greeting} with its placeholders filled in. */
public final class Greeting {

  private Greeting() {}

  /**
   * The greeting's payload, with {@code {instance}}, {@code {pid}} and {@code {version}} replaced,
   * or {@code null} when there is none.
   */
  public static byte[] of(ServerConfig config) {
    if (config.greeting() == null) {
      return null;
    }
    String text = config.greeting()
        .replace("{instance}", config.instanceId())
        .replace("{pid}", Long.toString(ProcessHandle.current().pid()))
        .replace("{version}", BerthVersion.get());
    // A raw stream has no framing to delimit the greeting; a newline ends it, as in a banner.
    return (config.framing() == Framing.RAW ? text + "\n" : text).getBytes(StandardCharsets.UTF_8);
  }
}
