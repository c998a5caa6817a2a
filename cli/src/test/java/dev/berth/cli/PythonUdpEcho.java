package dev.berth.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** A UDP echo server that is not ours: a few lines of Python, on 127.0.0.1 and a free port. */
final class PythonUdpEcho {

  private static final String SCRIPT = String.join("\n",
      "import socket",
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
      "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)",
      "s.bind(('127.0.0.1', 0))",
      "print('port', s.getsockname()[1], flush=True)",
      "while True:",
      "    data, peer = s.recvfrom(65535)",
      "    s.sendto(data, peer)");

  private PythonUdpEcho() {}

  static ListeningProcess start(Path python) throws Exception {
    return ListeningProcess.start(new ProcessBuilder(python.toString(), "-c", SCRIPT), Pattern.compile("^port (\\d+)"));
  }
}
