import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle TCP connections to HOST:PORT and holds them, sending nothing, until it is killed
 * (at most 10 minutes). Prints "connected N" once every connection is open. Used by
 * scripts/bench-compare.sh to measure a server's memory per idle connection; run several to
 * exceed one process's open-file limit.
 *
 * <pre>java scripts/IdleConnections.java 9500 127.0.0.1 12345</pre>
 */
public final class IdleConnections {

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    List<SocketChannel> open = new ArrayList<>(count);
    long deadline = System.nanoTime() + 120_000_000_000L;
    try (Selector selector = Selector.open()) {
      int started = 0;
      int connected = 0;
      while (connected < count) {
        // At most 50 handshakes in flight: below the smallest accept backlog measured (Netty's
        // example listens with a backlog of 100), so no handshake is dropped on an overflow.
        while (started < count && started - connected < 50) {
          SocketChannel channel = SocketChannel.open();
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.SO_LINGER, 0);
          if (channel.connect(target)) {
            connected++;
          } else {
            channel.register(selector, SelectionKey.OP_CONNECT);
          }
          open.add(channel);
          started++;
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          try {
            if (channel.finishConnect()) {
              key.cancel();
              connected++;
            }
          } catch (IOException e) {
            System.err.println("connect failed: " + e.getMessage());
            System.exit(1);
          }
        }
        selector.selectedKeys().clear();
        if (System.nanoTime() > deadline) {
          System.err.println("only " + connected + " of " + count + " connected after 120 s");
          System.exit(1);
        }
      }
    }
    System.out.println("connected " + open.size());
    System.out.flush();
    // Hold them, sending nothing, until killed; never longer than 10 minutes.
    Thread.sleep(600_000);
    for (SocketChannel channel : open) {
      channel.close();
    }
  }
}
