#!/usr/bin/env bash
# Rolling upgrade of N local berth instances that share one port, under load, reporting what
# the clients saw. Every instance is replaced in turn, by one of two paths:
#
#   sysctl    start the new instance on the same port (SO_REUSEPORT), wait for its /readyz, send
#             SIGTERM to the old one. Lossless where net.ipv4.tcp_migrate_req=1: the kernel moves
#             the connections queued on the closing listener to the others.
#   handover  start the new instance with --takeover-from <old control socket>: it adopts the
#             old listening sockets, and the old instance drains. Lossless on any kernel.
#
# Two `berth bench` loads run throughout: one with a fresh connection per message (--churn),
# and one with long-lived pipelined connections that reconnect and resend unanswered messages
# when a draining server half-closes them. Exit 0 when no client saw a refused connection, a
# reset, a timeout, or a lost or corrupted message; 1 otherwise; 2 on bad usage.
#
# With --at-risk, instances run with --defer-accept 1s and churn clients wait a few ms after
# connecting before they send, so that at every instant some connections sit in the kernel's
# queues of the listener that is about to close: the population a careless upgrade loses.
#
# Run it where nothing else uses the ports, e.g. in a network namespace of its own:
#   unshare -n sh -c 'ip link set lo up; sysctl -qw net.ipv4.tcp_migrate_req=1; docker/rolling-upgrade.sh --path sysctl'
set -euo pipefail

usage() {
  cat <<'TXT'
usage: docker/rolling-upgrade.sh [options]
  --path sysctl|handover|sigterm  how each instance is replaced (default handover; sigterm is
                                  sysctl's steps without requiring tcp_migrate_req=1)
  --jar PATH          berth.jar of the running version (default cli/target/berth.jar)
  --new-jar PATH      berth.jar of the new version (default: the same jar)
  --instances N       instances sharing the port (default 3)
  --port PORT         the shared port (default 12345); metrics ports follow 9464 upwards
  --framing F         line or length (default length)
  --at-risk           keep connections queued at the closing listeners (see above)
  --load-seconds S    how long the loads run; the upgrade must finish within it (default 10 + 8 per instance)
  --workdir DIR       logs, control sockets and reports (default: a new temporary directory)
TXT
}

path=handover
jar=cli/target/berth.jar
new_jar=
instances=3
port=12345
framing=length
at_risk=false
load_seconds=
workdir=
while [ $# -gt 0 ]; do
  case "$1" in
    --path) path=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --new-jar) new_jar=$2; shift 2 ;;
    --instances) instances=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --framing) framing=$2; shift 2 ;;
    --at-risk) at_risk=true; shift ;;
    --load-seconds) load_seconds=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "rolling-upgrade: unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$path" in sysctl|handover|sigterm) ;; *) echo "rolling-upgrade: --path: not one of sysctl, handover, sigterm: $path" >&2; exit 2 ;; esac
[ -f "$jar" ] || { echo "rolling-upgrade: no such jar: $jar (build it: ./mvnw -B -q package -DskipTests)" >&2; exit 2; }
new_jar=${new_jar:-$jar}
workdir=${workdir:-$(mktemp -d /tmp/berth-upgrade.XXXXXX)}
mkdir -p "$workdir"

if [ "$path" = sysctl ]; then
  migrate=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo unknown)
  if [ "$migrate" != 1 ]; then
    echo "rolling-upgrade: --path sysctl needs net.ipv4.tcp_migrate_req=1 (it is $migrate); use --path handover" >&2
    exit 2
  fi
fi

metrics_base=9464
server_flags=(--port "$port" --framing "$framing" --drain-timeout 10s)
churn_flags=()
if [ "$at_risk" = true ]; then
  server_flags+=(--defer-accept 1s)
  churn_flags+=(--send-delay 20ms)
fi
# Each replacement takes a JVM start and a drain: give the load time for all of them.
load_seconds=${load_seconds:-$((10 + 8 * instances))}

declare -a pids
pids_started=()
# shellcheck disable=SC2317 # runs from the EXIT trap
cleanup() {
  for pid in "${pids_started[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

start_instance() { # slot generation jar [extra flags...]
  local slot=$1 generation=$2 with_jar=$3
  shift 3
  local metrics_port=$((metrics_base + slot + generation * instances))
  java -jar "$with_jar" server "${server_flags[@]}" --metrics-host 127.0.0.1 --metrics-port "$metrics_port" \
    --instance-id "$generation.$slot" --control-socket "$workdir/berth-$generation.$slot.sock" "$@" \
    >"$workdir/server-$generation.$slot.log" 2>&1 &
  pids[slot]=$!
  pids_started+=("$!")
  await_ready "$metrics_port" "$!" "$workdir/server-$generation.$slot.log"
}

await_ready() { # metrics-port pid log
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$1/readyz" 2>/dev/null; then
      return 0
    fi
    kill -0 "$2" 2>/dev/null || { echo "rolling-upgrade: instance exited before ready:" >&2; cat "$3" >&2; exit 1; }
    sleep 0.05
  done
  echo "rolling-upgrade: instance not ready after 15s:" >&2
  cat "$3" >&2
  exit 1
}

await_exit() { # pid log
  for _ in $(seq 1 400); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.05
  done
  echo "rolling-upgrade: old instance still running 20s after it was told to stop:" >&2
  cat "$2" >&2
  exit 1
}

json_number() { # file key
  grep -o "\"$2\": *[0-9.]*" "$1" | head -1 | sed 's/.*: *//'
}

echo "rolling upgrade: $instances instances on port $port, path $path, at-risk $at_risk, work dir $workdir"
for slot in $(seq 1 "$instances"); do
  start_instance "$slot" 0 "$jar"
done

java -jar "$new_jar" bench --port "$port" --framing "$framing" --churn --connections 20 \
  --duration "${load_seconds}s" --warmup 0 --json "${churn_flags[@]}" >"$workdir/churn.json" 2>"$workdir/churn.log" &
churn_pid=$!
pids_started+=("$churn_pid")
java -jar "$new_jar" bench --port "$port" --framing "$framing" --connections 20 --pipeline 4 \
  --duration "${load_seconds}s" --warmup 0 --json >"$workdir/long.json" 2>"$workdir/long.log" &
long_pid=$!
pids_started+=("$long_pid")
# Both loads are running once each has printed its first progress line.
for _ in $(seq 1 600); do
  grep -q "msg/s" "$workdir/churn.log" 2>/dev/null && grep -q "msg/s" "$workdir/long.log" 2>/dev/null && break
  sleep 0.05
done
if ! grep -q "msg/s" "$workdir/churn.log" || ! grep -q "msg/s" "$workdir/long.log"; then
  echo "rolling-upgrade: the loads did not start within 30s:" >&2
  cat "$workdir/churn.log" "$workdir/long.log" >&2
  exit 1
fi

queued=0
handshakes=0
for slot in $(seq 1 "$instances"); do
  old_pid=${pids[slot]}
  old_log="$workdir/server-0.$slot.log"
  # Handshakes not yet accepted anywhere (with --at-risk, held back by TCP_DEFER_ACCEPT).
  h=$(ss -Htn state syn-recv "sport = :$port" 2>/dev/null | wc -l)
  case "$path" in
    handover)
      start_instance "$slot" 1 "$new_jar" --takeover-from "$workdir/berth-0.$slot.sock"
      ;;
    sysctl|sigterm)
      start_instance "$slot" 1 "$new_jar"
      kill -TERM "$old_pid"
      ;;
  esac
  await_exit "$old_pid" "$old_log"
  q=$(grep "draining:" "$old_log" | tail -1 | sed -n 's/.*queued-at-close=\([0-9]*\).*/\1/p')
  queued=$((queued + ${q:-0}))
  handshakes=$((handshakes + h))
  echo "  replaced instance $slot (pid $old_pid): queued at close ${q:-?}, handshakes in flight on the port $h"
done

if ! kill -0 "$churn_pid" 2>/dev/null || ! kill -0 "$long_pid" 2>/dev/null; then
  echo "rolling-upgrade: the loads ended before the upgrade did: what they saw does not cover it" \
    "(raise --load-seconds, now $load_seconds)" >&2
  exit 1
fi

load_status=0
wait "$churn_pid" || load_status=1
wait "$long_pid" || load_status=1

failures=0
report() { # name file
  local name=$1 file=$2
  if ! grep -q '"messages"' "$file"; then
    echo "  $name: no report:"
    cat "${file%.json}.log"
    failures=$((failures + 1))
    return
  fi
  local refused reset timeout mismatch lost messages connections resent
  refused=$(json_number "$file" refused)
  reset=$(json_number "$file" reset)
  timeout=$(json_number "$file" timeout)
  mismatch=$(json_number "$file" mismatch)
  lost=$(json_number "$file" lost)
  messages=$(json_number "$file" messages)
  connections=$(json_number "$file" connections_opened)
  resent=$(json_number "$file" resent)
  echo "  $name: messages $messages, connections $connections, resent $resent;" \
    "refused $refused, reset $reset, timeout $timeout, mismatch $mismatch, lost $lost"
  failures=$((failures + refused + reset + timeout + mismatch + lost))
}
report "churn     " "$workdir/churn.json"
report "long-lived" "$workdir/long.json"
echo "  at risk: $queued connections queued at closing listeners, $handshakes handshakes in flight on the port"
echo "failures=$failures"
if [ "$failures" -eq 0 ] && [ "$load_status" -eq 0 ]; then
  echo "result: ok: no client saw a refused connection, a reset, a timeout, or a lost or changed message"
  for slot in $(seq 1 "$instances"); do
    kill -TERM "${pids[slot]}" 2>/dev/null || true
  done
  exit 0
fi
echo "result: FAILED: clients saw $failures failures (logs in $workdir)"
exit 1
