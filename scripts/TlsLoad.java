import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for TLS against berth (older than berth bench --tls; docs/benchmarks.md's TLS
 * figures come from it): the same client with and without TLS, so that the two figures of a run
 * compare like with like. One event loop (epoll where it loads); line framing; the client's TLS is OpenSSL where it loads, and it trusts any
 * certificate (the server's cost is measured, not verification).
 *
 * <pre>
 * java -cp cli/target/berth.jar scripts/TlsLoad.java echo  127.0.0.1 12345 tls connections=50 pipeline=16 size=64
 * java -cp cli/target/berth.jar scripts/TlsLoad.java churn 127.0.0.1 12345 tls concurrency=16
 * java -cp cli/target/berth.jar scripts/TlsLoad.java idle  127.0.0.1 12345 tls connections=5000
 * </pre>
 *
 * echo: C connections each keep P messages of S bytes in flight; prints replies per second.
 * churn: K loops of connect, handshake, one message, close (a full handshake each, no resumption);
 * prints connections per second. idle: opens C connections, completes their handshakes, prints
 * "connected C" and holds them until killed (10 minutes at most). Options: duration=10 warmup=3
 * (seconds), server-pid=PID to print the server's CPU seconds over the measured time, and
 * protocol=TLSv1.2 to offer only that version.
 */
public final class TlsLoad {

  private static final AtomicLong replies = new AtomicLong();
  private static final AtomicLong failures = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    boolean tls = Arrays.asList(args).contains("tls");
    Map<String, String> options = new HashMap<>();
    for (String arg : Arrays.copyOfRange(args, 3, args.length)) {
      if (arg.contains("=")) {
        options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
    }
    int connections = Integer.parseInt(options.getOrDefault("connections", "1"));
    int pipeline = Integer.parseInt(options.getOrDefault("pipeline", "1"));
    int size = Integer.parseInt(options.getOrDefault("size", "64"));
    int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
    long duration = Long.parseLong(options.getOrDefault("duration", "10"));
    long warmup = Long.parseLong(options.getOrDefault("warmup", "3"));
    String serverPid = options.get("server-pid");

    SslContext ssl = tls ? SslContextBuilder.forClient()
        .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
        .protocols(options.getOrDefault("protocol", "TLSv1.3"))
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .build() : null;
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    byte[] message = new byte[size];
    Arrays.fill(message, (byte) 'x');
    message[size - 1] = '\n';
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true);

    switch (mode) {
      case "echo":
        for (int i = 0; i < connections; i++) {
          open(bootstrap, ssl, message, pipeline, false, host, port).sync();
        }
        measure("replies/s", duration, warmup, serverPid);
        break;
      case "churn":
        for (int i = 0; i < concurrency; i++) {
          churn(bootstrap, ssl, message, host, port);
        }
        measure("connections/s", duration, warmup, serverPid);
        break;
      case "idle":
        for (int i = 0; i < connections; i++) {
          open(bootstrap, ssl, message, 0, false, host, port).sync();
          if (i % 50 == 49) {
            while (replies.get() < i + 1 - 50) {
              Thread.sleep(1); // at most 50 handshakes in flight
            }
          }
        }
        while (replies.get() < connections) {
          Thread.sleep(10);
        }
        System.out.println("connected " + connections);
        Thread.sleep(600_000);
        break;
      default:
        throw new IllegalArgumentException("mode: " + mode + " (expected: echo, churn or idle)");
    }
    System.exit(0); // churn would keep the event loop busy through a graceful shutdown
  }

  /** A connection that sends {@code inFlight} messages and one more for each reply, or closes after the first with {@code once}. */
  private static io.netty.channel.ChannelFuture open(Bootstrap bootstrap, SslContext ssl, byte[] message, int inFlight,
      boolean once, String host, int port) {
    return bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        if (ssl != null) {
          channel.pipeline().addLast(ssl.newHandler(channel.alloc()));
        }
        channel.pipeline().addLast(new Replies(message, inFlight, once));
      }
    }).connect(host, port);
  }

  private static void churn(Bootstrap bootstrap, SslContext ssl, byte[] message, String host, int port) {
    open(bootstrap, ssl, message, 1, true, host, port).addListener(connected -> {
      if (!connected.isSuccess()) {
        failures.incrementAndGet();
      }
      ((io.netty.channel.ChannelFuture) connected).channel().closeFuture()
          .addListener(closed -> churn(bootstrap, ssl, message, host, port));
    });
  }

  /** Counts reply lines; keeps the pipeline full, or closes after the first reply. */
  private static final class Replies extends ChannelInboundHandlerAdapter {
    private final byte[] message;
    private final int inFlight;
    private final boolean once;

    Replies(byte[] message, int inFlight, boolean once) {
      this.message = message;
      this.inFlight = inFlight;
      this.once = once;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (inFlight == 0) {
        // idle: counted once TLS (if any) is up, which the first read or the handshake event says
        if (ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null) {
          replies.incrementAndGet();
        } else {
          ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture()
              .addListener(done -> replies.incrementAndGet());
        }
      }
      for (int i = 0; i < inFlight; i++) {
        ctx.write(Unpooled.wrappedBuffer(message));
      }
      ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      int lines = 0;
      for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
        if (in.getByte(i) == '\n') {
          lines++;
        }
      }
      in.release();
      replies.addAndGet(lines);
      if (once && lines > 0) {
        ctx.close();
        return;
      }
      for (int i = 0; i < lines; i++) {
        ctx.write(Unpooled.wrappedBuffer(message));
      }
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failures.incrementAndGet();
      ctx.close();
    }
  }

  private static void measure(String unit, long duration, long warmup, String serverPid) throws Exception {
    Thread.sleep(warmup * 1000);
    long start = replies.get();
    long startNanos = System.nanoTime();
    double startCpu = cpuSeconds(serverPid);
    Thread.sleep(duration * 1000);
    long count = replies.get() - start;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double cpu = cpuSeconds(serverPid) - startCpu;
    System.out.printf("%.0f %s over %.1f s; failures %d%s%n", count / seconds, unit, seconds, failures.get(),
        serverPid == null ? "" : String.format("; server CPU %.2f s (%.0f per CPU-second)", cpu, count / cpu));
  }

  /** utime + stime of a process, from /proc (Linux; clock ticks of 100 Hz). */
  private static double cpuSeconds(String pid) throws Exception {
    if (pid == null) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }
}
