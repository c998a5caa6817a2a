#!/usr/bin/env bash
# TLS against plain TCP on the same berth, on this machine. See docs/benchmarks.md ("TLS").
#
#   scripts/bench-tls.sh [throughput|rss|all]     (default: all)
#
# throughput  for each provider (openssl, jdk): one berth with a plain and a TLS listener, the
#             load (scripts/TlsLoad.java, the same client for both) alternating between them
#             (plain, tls, then tls, plain, ...), RUNS of each: 1 connection × 64 B, 50
#             connections × 16 in flight × 64 B, and churn (a full handshake per connection).
#             Server pinned to core SERVER_CPU, load to core LOAD_CPU. Prints replies (or
#             connections) per second and per second of server CPU.
# rss         resident memory per idle TLS connection: IDLE_CONNECTIONS held by two client processes.
#
# Environment: RUNS (3), DURATION (8 seconds), WARMUP (3 seconds), PROVIDERS ("openssl jdk"),
# SERVER_CPU (0), LOAD_CPU (1), IDLE_CONNECTIONS (10000), OUT (target/bench-tls).
# Loopback only; every run is bounded by DURATION; only processes this script started are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
RUNS=${RUNS:-3}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-3}
PROVIDERS=${PROVIDERS:-openssl jdk}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
OUT=${OUT:-target/bench-tls}
PLAIN_PORT=${PLAIN_PORT:-23460}
TLS_PORT=${TLS_PORT:-23461}

JAR=cli/target/berth.jar
LOAD=(java -cp "$JAR" scripts/TlsLoad.java)
mkdir -p "$OUT"
LOG="$OUT/log"
: > "$LOG"
# shellcheck source=scripts/bench-processes.sh disable=SC1091 # followed with shellcheck -x
. scripts/bench-processes.sh
[ -f "$JAR" ] || { say "building $JAR"; ./mvnw -B -q package -DskipTests; }
command -v taskset >/dev/null || { say "taskset (util-linux) is needed to pin the processes"; exit 1; }

# berth with a plain listener and a TLS one (its self-signed EC P-256 certificate).
start_server() {
  local provider=$1
  taskset -c "$SERVER_CPU" java -jar "$JAR" server --host 127.0.0.1 --tls-self-signed --tls-provider "$provider" \
    --max-connections $((IDLE_CONNECTIONS + 100)) --no-metrics \
    --listen "port=$PLAIN_PORT,tls=off" --listen "port=$TLS_PORT" >> "$LOG" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$TLS_PORT"
}

# One run: prints "RATE PER_CPU_SECOND".
run_load() {
  local mode=$1 port=$2 tls=$3; shift 3
  local line
  line=$(taskset -c "$LOAD_CPU" "${LOAD[@]}" "$mode" 127.0.0.1 "$port" "$tls" "$@" duration="$DURATION" \
    warmup="$WARMUP" server-pid="$SERVER_PID" 2>>"$LOG" | tail -1)
  echo "$line" >> "$LOG"
  echo "${line%% *} $(sed -n 's/.*(\([0-9]*\) per CPU-second).*/\1/p' <<< "$line")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
spread() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }

throughput() {
  printf '| provider | scenario | plain | TLS | TLS / plain | plain per server CPU-second | TLS per server CPU-second |\n'
  printf '|---|---|---:|---:|---:|---:|---:|\n'
  for provider in $PROVIDERS; do
    start_server "$provider"
    for scenario in 1c 50cx16 churn; do
      case $scenario in
        1c) mode="echo"; args=(connections=1 pipeline=1 size=64) ;;
        50cx16) mode="echo"; args=(connections=50 pipeline=16 size=64) ;;
        churn) mode="churn"; args=(concurrency=16 size=64) ;;
      esac
      : > "$OUT/plain" ; : > "$OUT/tls"
      for run in $(seq "$RUNS"); do
        order="plain tls"; [ $((run % 2)) -eq 0 ] && order="tls plain"
        for kind in $order; do
          if [ "$kind" = plain ]; then run_load "$mode" "$PLAIN_PORT" plain "${args[@]}" >> "$OUT/plain"
          else run_load "$mode" "$TLS_PORT" tls "${args[@]}" >> "$OUT/tls"; fi
        done
      done
      p=$(cut -d' ' -f1 "$OUT/plain" | median); t=$(cut -d' ' -f1 "$OUT/tls" | median)
      printf '| %s | %s | %s (%s) | %s (%s) | %.2f× | %s | %s |\n' "$provider" "$scenario" \
        "$p" "$(cut -d' ' -f1 "$OUT/plain" | spread)" "$t" "$(cut -d' ' -f1 "$OUT/tls" | spread)" \
        "$(awk -v t="$t" -v p="$p" 'BEGIN { print t / p }')" \
        "$(cut -d' ' -f2 "$OUT/plain" | median)" "$(cut -d' ' -f2 "$OUT/tls" | median)"
    done
    stop_server
  done
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

rss() {
  local provider=${PROVIDERS%% *} half=$((IDLE_CONNECTIONS / 2))
  start_server "$provider"
  sleep 3
  local before; before=$(rss_kib)
  for _ in 1 2; do
    "${LOAD[@]}" idle 127.0.0.1 "$TLS_PORT" tls connections="$half" > "$OUT/idle.$_" 2>>"$LOG" &
    CLIENT_PIDS+=($!)
  done
  for _ in $(seq 1200); do
    [ "$(cat "$OUT"/idle.* | grep -c connected)" -eq 2 ] && break
    sleep 0.1
  done
  sleep 5
  local after; after=$(rss_kib)
  printf '| provider | RSS idle | RSS with %d TLS connections | per connection |\n|---|---:|---:|---:|\n' "$IDLE_CONNECTIONS"
  printf '| %s | %d KiB | %d KiB | %.2f KiB |\n' "$provider" "$before" "$after" \
    "$(awk -v a="$after" -v b="$before" -v n="$IDLE_CONNECTIONS" 'BEGIN { print (a - b) / n }')"
  stop_clients
  stop_server
}

say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
case $WHAT in
  throughput) throughput ;;
  rss) rss ;;
  all) throughput; rss ;;
  *) say "usage: $0 [throughput|rss|all]"; exit 2 ;;
esac
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
