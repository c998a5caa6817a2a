package dev.berth.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Many client connections to one port, all served by the test's own thread through one selector:
 * a thousand slow or silent peers without a thousand threads. Every wait is bounded by a deadline,
 * and each peer's end is recorded: how (FIN or reset) and when.
 */
final class PeerCrowd implements AutoCloseable {

  /** How a peer's connection stands. */
  enum End { OPEN, EOF, RESET, FAILED_TO_CONNECT }

  /** One connection of the crowd. */
  static final class Peer {
    final SocketChannel channel;
    boolean connected;
    long endedNanos;
    End end = End.OPEN;

    private Peer(SocketChannel channel) {
      this.channel = channel;
    }
  }

  // Before the first connect: no connection of the crowd can have been accepted earlier.
  private final long startNanos = System.nanoTime();
  private static final int RECEIVE_BUFFER = 64 * 1024;

  private final Selector selector;
  private final List<Peer> peers = new ArrayList<>();
  private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);

  private PeerCrowd() throws IOException {
    this.selector = Selector.open();
  }

  /** Starts {@code count} connections at once (a burst of non-blocking connects) and waits for each to be made. */
  static PeerCrowd connect(int port, int count, Duration timeout) throws IOException {
    PeerCrowd crowd = new PeerCrowd();
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      // Small, so that a peer that does not read pushes back on the server after a few replies
      // rather than after the megabytes loopback would otherwise buffer for it.
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      Peer peer = new Peer(channel);
      crowd.peers.add(peer);
      if (channel.connect(address)) {
        crowd.connected(peer);
      } else {
        channel.register(crowd.selector, SelectionKey.OP_CONNECT, peer);
      }
    }
    crowd.loop(timeout, () -> crowd.peers.stream().noneMatch(peer -> !peer.connected && peer.end == End.OPEN),
        Duration.ofSeconds(1), () -> { });
    return crowd;
  }

  List<Peer> peers() {
    return peers;
  }

  /** How long after the crowd started connecting {@code peer} ended. */
  Duration endedAfter(Peer peer) {
    return Duration.ofNanos(peer.endedNanos - startNanos);
  }

  long count(End end) {
    return peers.stream().filter(peer -> peer.end == end).count();
  }

  /** Writes {@code bytes} on every open connection; a write the server refuses ends that peer as reset. */
  void sendToOpen(byte[] bytes) {
    for (Peer peer : peers) {
      if (peer.end == End.OPEN && peer.connected) {
        try {
          peer.channel.write(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
          ended(peer, End.RESET);
        }
      }
    }
  }

  /**
   * Reads (and drops) whatever the server sends until every connection has ended or {@code
   * timeout} passes, running {@code everyTick} each {@code tick} meanwhile.
   */
  void awaitAllEnded(Duration timeout, Duration tick, Runnable everyTick) throws IOException {
    loop(timeout, () -> count(End.OPEN) == 0, tick, everyTick);
  }

  /**
   * Writes {@code chunk} again and again on every open connection and reads nothing, until no
   * connection has taken a byte for {@code quiet} (the server pushed back on all of them) or
   * {@code timeout} passes; returns how many bytes were written.
   */
  long writeUntilStalled(byte[] chunk, Duration quiet, Duration timeout) throws IOException {
    Map<Peer, ByteBuffer> unsent = new HashMap<>();
    for (Peer peer : peers) {
      if (peer.end == End.OPEN && peer.connected) {
        peer.channel.keyFor(selector).interestOps(SelectionKey.OP_WRITE);
        unsent.put(peer, ByteBuffer.wrap(chunk));
      }
    }
    long written = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0 && selector.select(quiet.toMillis()) > 0) {
      for (SelectionKey key : selector.selectedKeys()) {
        Peer peer = (Peer) key.attachment();
        ByteBuffer buffer = unsent.get(peer);
        try {
          for (int n; (n = peer.channel.write(buffer)) > 0; ) {
            written += n;
            if (!buffer.hasRemaining()) {
              buffer.rewind();
            }
          }
        } catch (IOException e) {
          ended(peer, End.RESET);
        }
      }
      selector.selectedKeys().clear();
    }
    return written;
  }

  private void loop(Duration timeout, BooleanSupplier done, Duration tick, Runnable everyTick)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextTick = System.nanoTime() + tick.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() - deadline < 0) {
      selector.select(Math.max(1, Math.min(tick.toMillis(), (nextTick - System.nanoTime()) / 1_000_000)));
      for (SelectionKey key : selector.selectedKeys()) {
        Peer peer = (Peer) key.attachment();
        if (key.isValid() && key.isConnectable()) {
          try {
            peer.channel.finishConnect();
            connected(peer);
          } catch (IOException e) {
            ended(peer, End.FAILED_TO_CONNECT);
          }
        } else if (key.isValid() && key.isReadable()) {
          read(peer);
        }
      }
      selector.selectedKeys().clear();
      if (System.nanoTime() - nextTick >= 0) {
        everyTick.run();
        nextTick = System.nanoTime() + tick.toNanos();
      }
    }
  }

  private void connected(Peer peer) throws IOException {
    peer.connected = true;
    peer.channel.register(selector, SelectionKey.OP_READ, peer);
  }

  private void read(Peer peer) {
    try {
      sink.clear();
      if (peer.channel.read(sink) < 0) {
        ended(peer, End.EOF);
      }
    } catch (IOException e) {
      ended(peer, End.RESET);
    }
  }

  private void ended(Peer peer, End end) {
    peer.end = end;
    peer.endedNanos = System.nanoTime();
    SelectionKey key = peer.channel.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
  }

  @Override
  public void close() throws IOException {
    for (Peer peer : peers) {
      peer.channel.close();
    }
    selector.close();
  }
}
