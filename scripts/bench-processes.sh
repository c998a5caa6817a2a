# shellcheck shell=bash
# Sourced by the benchmark scripts (bench-compare.sh, bench-tls.sh): the server and the client
# processes a run starts, and stopping exactly those, by PID, also when the script is interrupted.
# Expects LOG (the file the servers write to).

say() { printf '%s\n' "$*" >&2; }

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
CLIENT_PIDS=()
stop_clients() {
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=()
}
trap 'stop_clients; stop_server' EXIT

# wait_for_port PORT: until 127.0.0.1:PORT accepts, while SERVER_PID lives (15 s at most).
wait_for_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { say "server exited; see $LOG"; return 1; }
    sleep 0.05
  done
  say "server not listening after 15 s"; return 1
}
