package dev.berth.server;

import dev.berth.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that connects again and again, as nc would: a fresh connection for one line, sent at
 * once, then the server's greeting ({@code {instance}}) and the echo are read, and the client
 * closes. Whatever else it sees (a refused connection, a reset, an EOF, a wrong answer, or no
 * answer within {@link TestPeer}'s read timeout) is a failure. Bounded: it stops at {@link
 * #MAX_CONNECTIONS} or when closed.
 */
final class ConnectLoop implements AutoCloseable {

  static final int MAX_CONNECTIONS = 20_000;
  /** Only a broken server makes a wait this long: a connection is answered in milliseconds. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  private final InetSocketAddress server;
  private final AtomicInteger answered = new AtomicInteger();
  private final Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;

  private ConnectLoop(InetSocketAddress server) {
    this.server = server;
    this.thread = new Thread(this::run, "connect-loop");
  }

  static ConnectLoop start(InetSocketAddress server) {
    ConnectLoop loop = new ConnectLoop(server);
    loop.thread.start();
    return loop;
  }

  private void run() {
    for (int i = 0; i < MAX_CONNECTIONS && !stopped; i++) {
      String line = "ping " + i + "\n";
      try (TestPeer peer = new TestPeer(server)) {
        peer.send(line);
        String instance = peer.readLineWithTerminator().strip();
        String echo = peer.readLineWithTerminator();
        if (!echo.equals(line)) {
          failures.add("connection " + i + ": echo " + echo.strip() + " instead of " + line.strip());
          return;
        }
        answeredBy.computeIfAbsent(instance, ignored -> new AtomicInteger()).incrementAndGet();
        answered.incrementAndGet();
      } catch (IOException e) {
        failures.add("connection " + i + " after " + answered.get() + " answered: " + e);
        return;
      }
    }
  }

  /** Waits until {@code count} more connections are answered, or one fails. */
  void awaitMoreAnswers(String when, int count) {
    int target = answered.get() + count;
    Await.until(count + " connections answered " + when, BOUND,
        () -> answered.get() >= target || !failures.isEmpty() || !thread.isAlive());
  }

  /** The connections answered by the server of {@code instance} id. */
  int answeredBy(String instance) {
    AtomicInteger count = answeredBy.get(instance);
    return count == null ? 0 : count.get();
  }

  List<String> failures() {
    return failures;
  }

  /** Stops after the connection under way. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join();
  }
}
