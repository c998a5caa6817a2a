package dev.berth.server.udp;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.transport.BindFailure;
import dev.berth.server.transport.Binding;
import dev.berth.server.transport.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A UDP listener: its sockets, one per event loop with SO_REUSEPORT (so several processes share
 * the port, as for TCP), else one; each answers its datagrams with a {@link DatagramHandler}.
 */
public final class UdpListener {

  /** The largest UDP payload over IPv4: 65,535 less the IP and UDP headers. */
  public static final int MAX_DATAGRAM = 65_507;

  private final ListenerConfig listener;
  private final ServerConfig server;
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final boolean reusePort;
  private final ServerCounters counters;
  private final ListenerFaults faults;
  private final List<Channel> channels = new ArrayList<>();
  private volatile boolean listening;

  public UdpListener(ListenerConfig listener, ServerConfig server, NettyTransport transport, EventLoopGroup group,
      boolean reusePort, ServerCounters counters, ListenerFaults faults) {
    this.listener = listener;
    this.server = server;
    this.transport = transport;
    this.group = group;
    this.reusePort = reusePort;
    this.counters = counters;
    this.faults = faults;
  }

  public void bind() throws BindException {
    int count = reusePort ? server.ioThreads() : 1;
    int port = listener.port();
    for (int i = 0; i < count; i++) {
      InetSocketAddress address = Binding.resolve("--host", listener.host(), port);
      Bootstrap bootstrap = new Bootstrap()
          .group(group)
          .channel(transport.datagramChannelClass())
          // Room for the largest datagram: a smaller buffer would cut it short.
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel socket) {
              socket.pipeline().addLast(
                  new DatagramHandler(listener, server.instanceId(), counters, faults.forConnection()));
            }
          });
      if (reusePort) {
        bootstrap.option(transport.reusePortOption(), true);
      }
      channels.add(Binding.bind(bootstrap, address, e -> BindFailure.describe(address, e, reusePort)));
      port = boundAddress().getPort(); // with port 0, the rest join the first
    }
    listening = true;
  }

  /**
   * The graceful stop of a UDP listener: each socket stops reading, answers what it has read, and
   * closes.
   */
  public CompletableFuture<Void> drain() {
    listening = false;
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (Channel channel : channels) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      channel.eventLoop().execute(() -> {
        DatagramHandler handler = channel.pipeline().get(DatagramHandler.class);
        handler.drain(channel.pipeline().context(handler))
            .addListener(answered -> channel.close().addListener(c -> done.complete(null)));
      });
      closed.add(done);
    }
    return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
  }

  /** Closes the sockets at once. */
  public void close() {
    listening = false;
    channels.forEach(channel -> channel.close().syncUninterruptibly());
  }

  public boolean isListening() {
    return listening;
  }

  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  public int socketCount() {
    return channels.size();
  }

  public ListenerConfig config() {
    return listener;
  }

  public String name() {
    return listener.name();
  }
}
