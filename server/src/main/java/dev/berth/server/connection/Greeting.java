package dev.berth.server.connection;

import dev.berth.config.ListenerConfig;
import dev.berth.protocol.Framing;
import dev.berth.server.system.BerthVersion;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;

/**
 * The message a listener sends once on connect: its {@code greeting} template with {@code
 * {instance}}, {@code {pid}}, {@code {version}} and {@code {listener}} filled in once, and {@code
 * {client}} for each connection (the PROXY source where there is one).
 */
public final class Greeting {

  private static final String CLIENT = "{client}";

  private final String text;
  private final byte[] bytes;
  private final boolean raw;

  private Greeting(String text, boolean raw) {
    this.text = text;
    this.raw = raw;
    this.bytes = text.contains(CLIENT) ? null : encode(text, raw);
  }

  /** The greeting of {@code listener}, or {@code null} when it has none. */
  public static Greeting of(ListenerConfig listener, String instanceId) {
    if (listener.greeting() == null) {
      return null;
    }
    return new Greeting(listener.greeting()
        .replace("{instance}", instanceId)
        .replace("{pid}", Long.toString(ProcessHandle.current().pid()))
        .replace("{version}", BerthVersion.get())
        .replace("{listener}", listener.name()), listener.framing() == Framing.RAW);
  }

  /** The greeting's payload for {@code connection}. */
  public byte[] bytesFor(Channel connection) {
    return bytes != null ? bytes : encode(text.replace(CLIENT, Peer.format(Peer.client(connection))), raw);
  }

  /** A raw stream has no framing to delimit the greeting; a newline ends it, as in a banner. */
  private static byte[] encode(String text, boolean raw) {
    return (raw ? text + "\n" : text).getBytes(StandardCharsets.UTF_8);
  }
}
