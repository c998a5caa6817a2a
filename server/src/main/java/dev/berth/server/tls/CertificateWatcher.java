package dev.berth.server.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of the certificate files and calls back once a change has settled.
 *
 * <p>Directories, not files: an editor or a deployment tool replaces a file by renaming a new one
 * over it, certbot points the {@code live/} links at new files, Kubernetes swaps a {@code ..data}
 * link; each shows as an event in a directory, not on the old file. Both the directory of the name
 * as given and that of the file a link points to are watched (a file a link points to can be
 * rewritten in place), and after each change again, since a link may now point elsewhere. Events
 * are many and not all ours: the callback decides whether the files changed (by their content).
 * A renewal writes several files in a row, so the callback waits until the directories have been
 * quiet for a moment.
 */
final class CertificateWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatcher.class);

  private final List<Path> files;
  private final long settleMillis;
  private final Runnable onChange;
  private final WatchService service;
  private final Set<Path> watched = new HashSet<>();
  private final Thread thread;

  private CertificateWatcher(List<Path> files, Duration settle, Runnable onChange) throws IOException {
    this.files = List.copyOf(files);
    this.settleMillis = settle.toMillis();
    this.onChange = onChange;
    this.service = FileSystems.getDefault().newWatchService();
    watchDirectories();
    this.thread = new Thread(this::run, "berth-tls-watch");
    thread.setDaemon(true);
  }

  /** Watches the directories of {@code files}; {@code onChange} runs on the watcher's thread. */
  static CertificateWatcher start(List<Path> files, Duration settle, Runnable onChange) throws IOException {
    CertificateWatcher watcher = new CertificateWatcher(files, settle, onChange);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    try {
      while (true) {
        drain(service.take());
        for (WatchKey more = service.poll(settleMillis, TimeUnit.MILLISECONDS); more != null;
            more = service.poll(settleMillis, TimeUnit.MILLISECONDS)) {
          drain(more);
        }
        watchDirectories();
        onChange.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: the server stops
    } catch (RuntimeException e) {
      log.warn("TLS: the certificate file watcher stopped ({}); reload with SIGHUP", e.toString());
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  private void watchDirectories() {
    for (Path file : files) {
      Path absolute = file.toAbsolutePath();
      watch(absolute.getParent());
      try {
        watch(absolute.toRealPath().getParent());
      } catch (IOException e) {
        // Not there right now (being replaced): its directory is watched, the next event tells.
      }
    }
  }

  private void watch(Path directory) {
    if (directory == null || !watched.add(directory)) {
      return; // watched already, or tried and warned about
    }
    try {
      directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      log.warn("TLS: cannot watch {} for certificate changes ({}); reload with SIGHUP", directory, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("TLS: closing the certificate file watcher: {}", e.toString());
    }
  }
}
