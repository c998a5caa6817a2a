package dev.berth.server.listener;

import dev.berth.config.Addresses;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import dev.berth.server.udp.UdpListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every listener of a server, started and stopped together: TCP listeners, whose listening
 * sockets can be handed over, and UDP ones, which bind their own sockets in every process (with
 * SO_REUSEPORT, old and new share the port through an upgrade).
 */
public final class Listeners {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<Listener> all;
  private final List<UdpListener> udp;

  public Listeners(List<Listener> tcp, List<UdpListener> udp) {
    this.all = List.copyOf(tcp);
    this.udp = List.copyOf(udp);
  }

  /**
   * Adopts the sockets a predecessor handed over and binds the rest. Each inherited socket goes to
   * the listener on its address (read from the socket itself, so a predecessor of any version
   * that hands over the same ports is understood; a listener on port 0 takes the sockets of a
   * port no other listener claims); a listener no socket came for binds its own, and a socket no
   * listener here claims is closed. The predecessor only stops accepting on its copies, and
   * closes them when it exits: connections the kernel queues on an unclaimed one until then are
   * reset.
   */
  public void bindOrAdopt(List<FileDescriptor> inherited) throws BindException, InterruptedException {
    Map<Listener, List<FileDescriptor>> adopted = new LinkedHashMap<>();
    Map<FileDescriptor, InetSocketAddress> unclaimed = new LinkedHashMap<>();
    for (FileDescriptor socket : inherited) {
      InetSocketAddress local = new Socket(socket.intValue()).localAddress();
      Listener owner = all.stream().filter(listener -> listener.claims(local, false)).findFirst().orElse(null);
      if (owner != null) {
        adopted.computeIfAbsent(owner, listener -> new ArrayList<>()).add(socket);
      } else {
        unclaimed.put(socket, local);
      }
    }
    for (Listener listener : all) {
      if (listener.config().port() != 0 || unclaimed.isEmpty()) {
        continue;
      }
      int port = -1;
      for (Map.Entry<FileDescriptor, InetSocketAddress> socket : List.copyOf(unclaimed.entrySet())) {
        if ((port < 0 || socket.getValue().getPort() == port) && listener.claims(socket.getValue(), true)) {
          port = socket.getValue().getPort();
          adopted.computeIfAbsent(listener, ignored -> new ArrayList<>()).add(socket.getKey());
          unclaimed.remove(socket.getKey());
        }
      }
    }
    unclaimed.forEach((socket, local) -> {
      log.warn("a handed-over socket on {} belongs to no listener here: closed; connections the old "
          + "server queues on it until it exits are reset", Addresses.format(local));
      close(socket);
    });
    for (Listener listener : all) {
      List<FileDescriptor> sockets = adopted.get(listener);
      if (sockets != null) {
        listener.adopt(sockets);
      } else {
        bind(listener.name(), listener::bind);
      }
    }
    bindUdp();
  }

  /**
   * Adopts the sockets systemd passed, each by the listener of its name ({@code passed}, checked
   * before), and binds the rest: the listeners no socket came for, and every UDP listener.
   */
  public void adoptFromSystemdOrBind(Map<String, FileDescriptor> passed) throws BindException, InterruptedException {
    for (Listener listener : all) {
      FileDescriptor socket = passed.get(listener.name());
      if (socket != null) {
        listener.adoptFromSystemd(socket);
      } else {
        bind(listener.name(), listener::bind);
      }
    }
    bindUdp();
  }

  /** After the ready line, so that operators can tell: a line for each listener on a socket systemd passed. */
  public void logSocketActivation() {
    for (Listener listener : all) {
      if (listener.socketActivated()) {
        log.info("listener {}: adopted the listening socket systemd passed (fd {}, {}) instead of binding one",
            listener.name(), listener.descriptors().get(0).intValue(), Addresses.format(listener.boundAddress()));
      }
    }
  }

  /** Binds every listener. */
  public void bind() throws BindException {
    for (Listener listener : all) {
      bind(listener.name(), listener::bind);
    }
    bindUdp();
  }

  private void bindUdp() throws BindException {
    for (UdpListener listener : udp) {
      bind(listener.name(), listener::bind);
    }
  }

  /** A binding that may fail. */
  private interface Bind {
    void bind() throws BindException;
  }

  /** A listener that cannot bind fails the start, in one line that names it when there are several. */
  private void bind(String name, Bind bind) throws BindException {
    try {
      bind.bind();
    } catch (BindException e) {
      if (all.size() + udp.size() == 1) {
        throw e;
      }
      BindException named = new BindException("listener " + name + ": " + e.getMessage());
      named.initCause(e.getCause());
      throw named;
    }
  }

  private static void close(FileDescriptor socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing a handed-over socket: {}", e.getMessage());
    }
  }

  /** Every listening socket, to hand to a successor. */
  public List<FileDescriptor> descriptors() {
    List<FileDescriptor> descriptors = new ArrayList<>();
    all.forEach(listener -> descriptors.addAll(listener.descriptors()));
    return descriptors;
  }

  /**
   * Stops every TCP listener at once (see {@link Listener#stop}); UDP listeners close too, unless
   * the sockets are left open for a successor, when they stay until the drain answers what they read.
   */
  public void stop(boolean leaveOpen) {
    all.forEach(listener -> listener.stop(leaveOpen));
    if (!leaveOpen) {
      udp.forEach(UdpListener::close);
    }
  }

  /**
   * Closes this process's copies of the sockets a successor took over ({@link #stop stopped} with
   * {@code leaveOpen}): a close(2) of our descriptors and nothing else, never a shutdown(2), so the
   * sockets stay open in the successor, queues and all, as when this process exits.
   */
  public void closeHandedOverCopies() {
    all.stream().filter(listener -> !listener.isListening())
        .forEach(listener -> listener.descriptors().forEach(Listeners::close));
  }

  public boolean isListening() {
    return all.stream().anyMatch(Listener::isListening) || udp.stream().anyMatch(UdpListener::isListening);
  }

  /** Sockets, over every listener. */
  public int socketCount() {
    return all.stream().mapToInt(Listener::socketCount).sum() + udp.stream().mapToInt(UdpListener::socketCount).sum();
  }

  /** The TCP listeners. */
  public List<Listener> tcp() {
    return all;
  }

  /** The UDP listeners. */
  public List<UdpListener> udp() {
    return udp;
  }

  /** The address of the listener named {@code name}, TCP or UDP. */
  public InetSocketAddress boundAddress(String name) {
    for (Listener listener : all) {
      if (listener.name().equals(name)) {
        return listener.boundAddress();
      }
    }
    for (UdpListener listener : udp) {
      if (listener.name().equals(name)) {
        return listener.boundAddress();
      }
    }
    throw new IllegalArgumentException("no listener named " + name);
  }
}
