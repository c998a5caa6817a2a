/*
 * A single-threaded epoll echo server in C: the yardstick for berth's throughput, as close to
 * the cost of the system calls alone as an echo server gets. scripts/bench-compare.sh builds it
 * with the system's cc and runs it beside berth and Netty's example (docs/benchmarks.md).
 *
 *   cc -O2 -o c-echo-server scripts/c-echo-server.c
 *   ./c-echo-server [PORT [HOST]]          (default 23456 on 127.0.0.1; port 0: any free one)
 *
 * It echoes bytes as they come, so it answers every framing (berth's length and line framings
 * included) byte for byte without knowing it. Level-triggered epoll; one read of up to 64 KiB
 * per readable connection per wake-up, written straight back; what the kernel does not take is
 * kept and sent when the socket is writable again (EPOLLOUT), and the connection is not read
 * until then, so a peer that does not read cannot grow the server's memory beyond one read.
 * End of input (read only once everything received before it is sent): the connection is
 * closed. SIGTERM or SIGINT stop it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_SIZE (64 * 1024)
#define MAX_EVENTS 256

/* What a connection still has to send: pending[offset..length). */
struct connection {
  char *pending;
  size_t offset;
  size_t length;
};

static struct connection *connections; /* indexed by file descriptor */
static size_t capacity;
static volatile sig_atomic_t stop;

static void on_signal(int signal_number) {
  (void)signal_number;
  stop = 1;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static struct connection *connection_of(int fd) {
  if ((size_t)fd >= capacity) {
    size_t grown = capacity ? capacity : 1024;
    while (grown <= (size_t)fd) grown *= 2;
    connections = realloc(connections, grown * sizeof *connections);
    if (!connections) die("realloc");
    memset(connections + capacity, 0, (grown - capacity) * sizeof *connections);
    capacity = grown;
  }
  return &connections[fd];
}

static void watch(int epoll, int fd, uint32_t events, int op) {
  struct epoll_event event = {.events = events, .data.fd = fd};
  if (epoll_ctl(epoll, op, fd, &event) < 0) die("epoll_ctl");
}

static void close_connection(int epoll, int fd) {
  struct connection *c = connection_of(fd);
  epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  free(c->pending);
  memset(c, 0, sizeof *c);
}

/* Sends data[0..length); keeps what the kernel does not take. Returns -1 if the peer is gone. */
static int send_or_keep(int epoll, int fd, const char *data, size_t length) {
  struct connection *c = connection_of(fd);
  size_t sent = 0;
  while (sent < length) {
    ssize_t n = send(fd, data + sent, length - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return -1;
    }
  }
  if (sent < length) {
    /* Stop reading (backpressure) and wait until the socket can take the rest. */
    size_t rest = length - sent;
    char *kept = malloc(rest);
    if (!kept) die("malloc");
    memcpy(kept, data + sent, rest);
    c->pending = kept;
    c->offset = 0;
    c->length = rest;
    watch(epoll, fd, EPOLLOUT, EPOLL_CTL_MOD);
  }
  return 0;
}

static void on_writable(int epoll, int fd) {
  struct connection *c = connection_of(fd);
  char *pending = c->pending;
  size_t offset = c->offset, length = c->length;
  c->pending = NULL;
  c->length = c->offset = 0;
  int result = send_or_keep(epoll, fd, pending + offset, length - offset);
  free(pending);
  if (result < 0) {
    close_connection(epoll, fd);
  } else if (!c->pending) {
    watch(epoll, fd, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD); /* all sent: read again */
  }
}

static void on_readable(int epoll, int fd, char *buffer) {
  ssize_t n = recv(fd, buffer, READ_SIZE, 0);
  if (n > 0) {
    if (send_or_keep(epoll, fd, buffer, (size_t)n) < 0) close_connection(epoll, fd);
  } else if (n == 0) {
    close_connection(epoll, fd); /* nothing pending: it would not be reading otherwise */
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    close_connection(epoll, fd);
  }
}

static void on_acceptable(int epoll, int listener) {
  for (;;) {
    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
        perror("accept4"); /* e.g. out of file descriptors: keep serving the others */
      }
      return;
    }
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); /* as Netty sets it */
    connection_of(fd);
    watch(epoll, fd, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_ADD);
  }
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 23456;
  const char *host = argc > 2 ? argv[2] : "127.0.0.1";

  struct sigaction action = {.sa_handler = on_signal};
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGINT, &action, NULL);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listener < 0) die("socket");
  int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
    fprintf(stderr, "c-echo-server: not an IPv4 address: %s\n", host);
    return 2;
  }
  if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0) die("bind");
  if (listen(listener, 1024) < 0) die("listen");

  int epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) die("epoll_create1");
  watch(epoll, listener, EPOLLIN, EPOLL_CTL_ADD);
  char *buffer = malloc(READ_SIZE);
  if (!buffer) die("malloc");
  socklen_t length = sizeof address;
  if (getsockname(listener, (struct sockaddr *)&address, &length) < 0) die("getsockname");
  fprintf(stderr, "c-echo-server: listening on %s:%d\n", host, ntohs(address.sin_port)); /* port 0: the one chosen */

  struct epoll_event events[MAX_EVENTS];
  while (!stop) {
    int ready = epoll_wait(epoll, events, MAX_EVENTS, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    for (int i = 0; i < ready; i++) {
      int fd = events[i].data.fd;
      uint32_t what = events[i].events;
      if (fd == listener) {
        on_acceptable(epoll, listener);
      } else if (what & EPOLLOUT) {
        on_writable(epoll, fd);
      } else if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        on_readable(epoll, fd, buffer);
      }
    }
  }
  return 0;
}
