package dev.berth.server.tls;

import dev.berth.config.ConfigException;
import dev.berth.config.Durations;
import dev.berth.config.TlsConfig;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's TLS: the certificate it serves, the context each connection's {@link SslHandler}
 * comes from, reloading both, and the counts of handshakes and reloads.
 *
 * <p>Made once at start ({@link #create}), shared by every listener with TLS on. A {@link #reload}
 * (SIGHUP, or a change of the files when {@link #watchFiles() watched}) builds a new context from
 * the files: new connections get it, open ones keep the one they started with. A reload that
 * fails is logged in one line, counted, and changes nothing.
 */
public final class ServerTls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  /** How long the directories of the files must be quiet before a change is read: a renewal writes several files. */
  static final Duration SETTLE = Duration.ofMillis(500);

  private final TlsConfig config;
  private final SslProvider provider;
  private final TlsFiles files;
  /** The certificate of {@code --tls-self-signed}, or {@code null}. */
  private final ServedCertificate selfSigned;
  private final Map<String, HandshakeCounters> handshakes = new ConcurrentHashMap<>();
  private final LongAdder reloadsOk = new LongAdder();
  private final LongAdder reloadsFailed = new LongAdder();
  private volatile Served current;
  /** The digest of the files when last read, loaded or not: a watcher event without a change reloads nothing. */
  private String lastDigest;
  private CertificateWatcher watcher;
  private boolean closed;

  private record Served(SslContext context, X509Certificate leaf) {}

  private ServerTls(TlsConfig config, SslProvider provider, ServedCertificate selfSigned) {
    this.config = config;
    this.provider = provider;
    this.files = new TlsFiles(config);
    this.selfSigned = selfSigned;
  }

  /**
   * Reads the certificate, key and CA files (or makes the self-signed certificate) and builds
   * the TLS context.
   *
   * @throws ConfigException naming the file that does not load and why, or when {@code
   *     --tls-provider openssl} is asked for where it does not load
   */
  public static ServerTls create(TlsConfig config) {
    SslProvider provider = ServerSslContexts.provider(config.provider());
    ServerTls tls = new ServerTls(config, provider, config.selfSigned() ? SelfSignedCertificate.make() : null);
    TlsFiles.Contents contents = tls.files.read();
    tls.lastDigest = contents.digest();
    tls.current = tls.build(contents);
    log.info("TLS: {}, protocols {}, handshake timeout {}, client certificates {}",
        ServerSslContexts.describe(provider, config.provider()), String.join(", ", config.protocols()),
        Durations.format(config.handshakeTimeout()), clientCertificates(config));
    log.info("TLS certificate ({}): {}", tls.origin(contents), Certificates.describe(tls.current.leaf()));
    return tls;
  }

  /** A handler for one new connection, with the current certificate and the handshake timeout. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    while (true) {
      SslContext context = current.context();
      if (!retain(context)) {
        continue; // a reload released it just now: the next one is current already
      }
      try {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        return handler;
      } finally {
        ReferenceCountUtil.release(context);
      }
    }
  }

  /**
   * Reads the files again and serves what they hold to new connections from now on.
   *
   * @return false when they do not load: logged (which file, why), counted, the old pair kept
   */
  public synchronized boolean reload() {
    if (files.paths().isEmpty()) {
      log.info("TLS: nothing to reload (the self-signed certificate is made at start)");
      return true;
    }
    try {
      TlsFiles.Contents contents;
      try {
        contents = files.read();
      } catch (ConfigException e) {
        lastDigest = files.digest(); // the same broken files are not read again on every event
        throw e;
      }
      lastDigest = contents.digest();
      Served next = build(contents);
      Served previous = current;
      current = next;
      ReferenceCountUtil.release(previous.context()); // its open connections hold it as long as they need it
      reloadsOk.increment();
      log.info("TLS certificate reloaded ({}): {}", origin(contents), Certificates.describe(next.leaf()));
      return true;
    } catch (ConfigException e) {
      reloadsFailed.increment();
      log.warn("TLS reload failed, still serving the previous certificate: {}", e.getMessage());
      return false;
    }
  }

  /** Reloads if the files' content differs from when they were last read. */
  synchronized void reloadIfChanged() {
    if (!files.digest().equals(lastDigest)) {
      reload();
    }
  }

  /** Reloads whenever the files change on disk, until {@link #close()}; nothing to watch for a self-signed certificate. */
  public synchronized void watchFiles() {
    if (watcher != null || files.paths().isEmpty()) {
      return;
    }
    try {
      watcher = CertificateWatcher.start(files.paths(), SETTLE, this::reloadIfChanged);
    } catch (IOException e) {
      log.warn("TLS: cannot watch the certificate files ({}); reload with SIGHUP", e.toString());
    }
  }

  /** The handshake counters of a listener, the same object each time for a name. */
  public HandshakeCounters handshakes(String listener) {
    return handshakes.computeIfAbsent(listener, name -> new HandshakeCounters());
  }

  /** The TLS meters, with handshake counters for each of {@code listeners} (the names of the listeners with TLS on). */
  public MeterBinder meters(List<String> listeners) {
    return new TlsMeters(this, listeners);
  }

  public Duration handshakeTimeout() {
    return config.handshakeTimeout();
  }

  /** {@code openssl} or {@code jdk}: the implementation in use. */
  public String providerName() {
    return provider == SslProvider.JDK ? "jdk" : "openssl";
  }

  List<String> protocols() {
    return config.protocols();
  }

  /** The certificate served to new connections. */
  X509Certificate certificate() {
    return current.leaf();
  }

  Instant certificateExpiry() {
    return certificate().getNotAfter().toInstant();
  }

  long reloads(boolean ok) {
    return (ok ? reloadsOk : reloadsFailed).sum();
  }

  /** Stops watching the files and lets go of the context; open connections keep theirs until they close. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
    ReferenceCountUtil.release(current.context());
  }

  private Served build(TlsFiles.Contents contents) {
    ServedCertificate served = contents.served() != null ? contents.served() : selfSigned;
    SslContext context = ServerSslContexts.build(served, contents.clientCas(), config, provider);
    X509Certificate leaf = served.leaf();
    Instant now = Instant.now();
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      log.warn("TLS certificate expired on {}: clients will refuse it", leaf.getNotAfter().toInstant());
    } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
      log.warn("TLS certificate is not valid before {}: clients will refuse it until then", leaf.getNotBefore().toInstant());
    }
    return new Served(context, leaf);
  }

  private String origin(TlsFiles.Contents contents) {
    return contents.served() != null ? contents.served().origin() : selfSigned.origin();
  }

  private static String clientCertificates(TlsConfig config) {
    switch (config.clientAuth()) {
      case REQUIRE:
        return "required (CAs in " + config.clientCa() + ")";
      case OPTIONAL:
        return "optional (CAs in " + config.clientCa() + ")";
      default:
        return "not asked for";
    }
  }

  /** Retains a reference-counted (OpenSSL) context; false if it has been released. */
  private static boolean retain(SslContext context) {
    if (!(context instanceof ReferenceCounted)) {
      return true;
    }
    try {
      ((ReferenceCounted) context).retain();
      return true;
    } catch (IllegalReferenceCountException e) {
      return false;
    }
  }
}
