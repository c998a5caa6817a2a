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
# Three `berth bench` loads run throughout, each until the upgrade is over (--duration 0, ended by
# SIGTERM once every instance is replaced, so a slow machine makes the run longer, never red):
#   one-shot   a fresh connection per message, no resend (--churn --no-resend): clients like nc or
#              a script that connects, sends one line and reads the answer; an EOF instead of the
#              answer is a lost message
#   churn      a fresh connection per message that resends on a server FIN (--churn)
#   long-lived pipelined connections that reconnect and resend unanswered messages when a
#              draining server half-closes them
# Exit 0 when no client saw a refused connection, a reset, a timeout, or a lost or corrupted
# message; 1 otherwise; 2 on bad usage.
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
  --workdir DIR       logs, control sockets and reports (default: a new temporary directory)
The loads run until the upgrade is over; every wait is on a condition, with a bound that only a
hung process reaches.
TXT
}

path=handover
jar=cli/target/berth.jar
new_jar=
instances=3
port=12345
framing=length
at_risk=false
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
    --workdir) workdir=$2; shift 2 ;;
    --load-seconds)
      echo "rolling-upgrade: --load-seconds is gone: the loads now run until the upgrade is over" >&2
      exit 2 ;;
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
drain_timeout_s=10
server_flags=(--port "$port" --framing "$framing" --drain-timeout "${drain_timeout_s}s")
churn_flags=()
if [ "$at_risk" = true ]; then
  server_flags+=(--defer-accept 1s)
  churn_flags+=(--send-delay 20ms)
fi
# Bounds that only a hung process reaches (each wait ends as soon as its condition holds): a JVM
# start on a busy 2-core machine takes seconds, a drain at most its timeout, a bench's end at
# most its reply timeout (5s).
ready_bound_s=120
exit_bound_s=$((drain_timeout_s + 60))
load_end_bound_s=60

declare -a pids
pids_started=()
# shellcheck disable=SC2317 # runs from the EXIT trap
cleanup() {
  for pid in "${pids_started[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Polls every 50 ms until "$@" succeeds; fails after $1 seconds.
poll() { # bound-seconds command...
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

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

# shellcheck disable=SC2317 # called through poll
ready_or_gone() { # metrics-port pid
  curl -fsS -o /dev/null "http://127.0.0.1:$1/readyz" 2>/dev/null || ! kill -0 "$2" 2>/dev/null
}

await_ready() { # metrics-port pid log
  if ! poll "$ready_bound_s" ready_or_gone "$1" "$2"; then
    echo "rolling-upgrade: instance not ready after ${ready_bound_s}s:" >&2
    cat "$3" >&2
    exit 1
  fi
  if ! kill -0 "$2" 2>/dev/null; then
    echo "rolling-upgrade: instance exited before ready:" >&2
    cat "$3" >&2
    exit 1
  fi
}

gone() { ! kill -0 "$1" 2>/dev/null; }

await_exit() { # pid log bound-seconds what
  if ! poll "$3" gone "$1"; then
    echo "rolling-upgrade: $4 still running ${3}s after it was told to stop:" >&2
    cat "$2" >&2
    exit 1
  fi
}

json_number() { # file key
  grep -o "\"$2\": *[0-9.]*" "$1" | head -1 | sed 's/.*: *//'
}

loads=(one-shot churn long-lived)
declare -A load_pids
start_load() { # name bench-flags...
  local name=$1
  shift
  java -jar "$new_jar" bench --port "$port" --framing "$framing" --duration 0 --warmup 0 --json --io-threads 1 \
    "$@" >"$workdir/$name.json" 2>"$workdir/$name.log" &
  load_pids[$name]=$!
  pids_started+=("$!")
}

# shellcheck disable=SC2317 # called through poll
loads_started() {
  local name
  for name in "${loads[@]}"; do
    grep -q "msg/s" "$workdir/$name.log" 2>/dev/null || return 1
  done
}

echo "rolling upgrade: $instances instances on port $port, path $path, at-risk $at_risk, work dir $workdir"
for slot in $(seq 1 "$instances"); do
  start_instance "$slot" 0 "$jar"
done

start_load one-shot --churn --no-resend --connections 20 "${churn_flags[@]}"
start_load churn --churn --connections 20 "${churn_flags[@]}"
start_load long-lived --connections 20 --pipeline 4
# The loads are running once each has printed its first progress line.
if ! poll "$ready_bound_s" loads_started; then
  echo "rolling-upgrade: the loads did not start within ${ready_bound_s}s:" >&2
  for name in "${loads[@]}"; do cat "$workdir/$name.log" >&2; done
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
  await_exit "$old_pid" "$old_log" "$exit_bound_s" "old instance"
  q=$(grep "draining:" "$old_log" | tail -1 | sed -n 's/.*queued-at-close=\([0-9]*\).*/\1/p')
  queued=$((queued + ${q:-0}))
  handshakes=$((handshakes + h))
  echo "  replaced instance $slot (pid $old_pid): queued at close ${q:-?}, handshakes in flight on the port $h"
done

# Every old instance has drained and exited: end the loads, each with its full report.
load_status=0
for name in "${loads[@]}"; do
  if gone "${load_pids[$name]}"; then
    echo "  $name: the load ended before the upgrade did:" >&2
    cat "$workdir/$name.log" >&2
    load_status=1
  fi
  kill -TERM "${load_pids[$name]}" 2>/dev/null || true
done
for name in "${loads[@]}"; do
  await_exit "${load_pids[$name]}" "$workdir/$name.log" "$load_end_bound_s" "the $name load"
  status=0
  wait "${load_pids[$name]}" || status=$?
  # 143: ended by the SIGTERM above with a clean report; 1: the report shows failures.
  if [ "$status" -ne 143 ] && [ "$status" -ne 1 ]; then
    echo "  $name: bench exited $status:" >&2
    cat "$workdir/$name.log" >&2
    load_status=1
  fi
done

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
  printf '  %-12s messages %s, connections %s, resent %s; refused %s, reset %s, timeout %s, mismatch %s, lost %s\n' \
    "$name:" "$messages" "$connections" "$resent" "$refused" "$reset" "$timeout" "$mismatch" "$lost"
  failures=$((failures + refused + reset + timeout + mismatch + lost))
}
for name in "${loads[@]}"; do
  report "$name" "$workdir/$name.json"
done
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
