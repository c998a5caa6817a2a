#!/usr/bin/env bash
# berth against Netty's own example echo server (io.netty.example.echo.EchoServer), side by side
# on this machine. See docs/benchmarks.md for what it measures and the figures.
#
#   scripts/bench-compare.sh [throughput|rss|startup|all]     (default: all)
#
# throughput  every scenario, both framings: the two servers one after the other, runs
#             interleaved (netty, berth, then berth, netty, ...), RUNS of each, medians and spread;
#             server pinned to core SERVER_CPU, the load (`berth bench`) to core BENCH_CPU.
# rss         resident memory per idle connection, IDLE_CONNECTIONS of them, held by separate
#             client processes (one process may not hold them all: open-file limit).
# startup     process start to the first `/readyz` 200: plain, with a dynamic class-data sharing
#             archive (-XX:ArchiveClassesAtExit) and with the static one that docker/Dockerfile
#             ships (-Xshare:dump from a class list).
#
# Environment: RUNS (3), DURATION (10s), WARMUP (5s: JIT-compiled code in both servers), FRAMINGS ("length line"),
# SCENARIOS ("1c 50c 50cx16 10cx16k churn"), IDLE_CONNECTIONS (19000), NETTY_EXAMPLE_VERSION
# (4.2.17.Final, the newest netty-example on Maven Central), SERVER_CPU (0), BENCH_CPU (1),
# BERTH_JVM_OPTS and NETTY_JVM_OPTS (none: both run on the JVM's defaults), BERTH_ARGS (extra
# `berth server` options, none: the default configuration), SERVERS ("netty berth": `berth` alone
# compares nothing but measures a tuning change quickly), OUT (target/bench-compare).
# Loopback only; every run is bounded by DURATION; only processes this script started are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
FRAMINGS=${FRAMINGS:-length line}
SCENARIOS=${SCENARIOS:-1c 50c 50cx16 10cx16k churn}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-19000}
NETTY_EXAMPLE_VERSION=${NETTY_EXAMPLE_VERSION:-4.2.17.Final}
SERVER_CPU=${SERVER_CPU:-0}
BENCH_CPU=${BENCH_CPU:-1}
BERTH_JVM_OPTS=${BERTH_JVM_OPTS:-}
NETTY_JVM_OPTS=${NETTY_JVM_OPTS:-}
BERTH_ARGS=${BERTH_ARGS:-}
SERVERS=${SERVERS:-netty berth}
OUT=${OUT:-target/bench-compare}
PORT=${PORT:-23456}
METRICS_PORT=${METRICS_PORT:-23457}

JAR=cli/target/berth.jar
mkdir -p "$OUT"
LOG="$OUT/log"
: > "$LOG"

# shellcheck source=scripts/bench-processes.sh
. scripts/bench-processes.sh

[ -f "$JAR" ] || { say "building $JAR"; ./mvnw -B -q package -DskipTests; }
NETTY_JAR="$OUT/netty-example-$NETTY_EXAMPLE_VERSION.jar"
if [ ! -f "$NETTY_JAR" ]; then
  say "fetching io.netty:netty-example:$NETTY_EXAMPLE_VERSION from Maven Central"
  ./mvnw -B -q dependency:copy -Dartifact="io.netty:netty-example:$NETTY_EXAMPLE_VERSION" \
    -DoutputDirectory="$OUT" -Dmdep.overWriteIfNewer=true >> "$LOG" 2>&1
fi
command -v taskset >/dev/null || { say "taskset (util-linux) is needed to pin the processes"; exit 1; }

# start_server netty|berth FRAMING [extra berth options...]
start_server() {
  local who=$1 framing=$2; shift 2
  if [ "$who" = netty ]; then
    # shellcheck disable=SC2086 # word splitting of the JVM options is intended
    taskset -c "$SERVER_CPU" java $NETTY_JVM_OPTS -Dport="$PORT" -cp "$JAR:$NETTY_JAR" \
      io.netty.example.echo.EchoServer >> "$LOG" 2>&1 &
  else
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" java $BERTH_JVM_OPTS -jar "$JAR" server --port "$PORT" --framing "$framing" \
      --metrics-host 127.0.0.1 --metrics-port "$METRICS_PORT" $BERTH_ARGS "$@" >> "$LOG" 2>&1 &
  fi
  SERVER_PID=$!
  wait_for_port "$PORT"
}

scenario_args() {
  case $1 in
    1c) echo "--connections 1 --size 64" ;;
    50c) echo "--connections 50 --size 64" ;;
    50cx16) echo "--connections 50 --pipeline 16 --size 64" ;;
    10cx16k) echo "--connections 10 --size 16KiB" ;;
    churn) echo "--connections 20 --size 64 --churn" ;;
    *) say "unknown scenario $1"; exit 2 ;;
  esac
}

json_number() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
json_latency() { grep -o "\"latency_us\":{[^}]*}" | grep -o "\"$1\":[0-9.]*" | cut -d: -f2; }

# median and spread of numbers on standard input
stats() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "- - -"; exit} m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f %.0f %.0f\n", m, v[1], v[NR]}'; }

# column_stats N FILE: median, min and max of column N (0 0 0 when the server was not run)
column_stats() { if [ -s "$2" ]; then cut -d' ' -f"$1" "$2" | stats; else echo "0 0 0"; fi; }

# bench_once netty|berth FRAMING SCENARIO: appends "rate p99" to the results file
bench_once() {
  local who=$1 framing=$2 scenario=$3 file="$OUT/$2-$3-$1.txt" json rate p99
  start_server "$who" "$framing"
  # shellcheck disable=SC2046
  if ! json=$(taskset -c "$BENCH_CPU" java -jar "$JAR" bench --port "$PORT" --framing "$framing" --io-threads 1 \
      --duration "$DURATION" --warmup "$WARMUP" --json $(scenario_args "$scenario") 2>> "$LOG"); then
    say "  $who $framing $scenario: the bench failed (lost or corrupted replies); see $LOG"
    echo "$json" >> "$LOG"
  fi
  stop_server
  if [ "$scenario" = churn ]; then rate=$(json_number connections_per_second <<< "$json"); else
    rate=$(json_number messages_per_second <<< "$json"); fi
  p99=$(json_latency p99 <<< "$json")
  echo "${rate:-0} ${p99:-0}" >> "$file"
  printf '  %-5s %-6s %-8s run %d: %10.0f %s/s  p99 %s us\n' "$who" "$framing" "$scenario" "$4" "${rate:-0}" \
    "$([ "$scenario" = churn ] && echo conn || echo msg)" "${p99:-?}" >&2
}

throughput() {
  say "throughput: $RUNS runs of $DURATION (+$WARMUP warmup) per server, scenario and framing"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg); say "load average before: $load"
  for framing in $FRAMINGS; do
    for scenario in $SCENARIOS; do
      rm -f "$OUT/$framing-$scenario-netty.txt" "$OUT/$framing-$scenario-berth.txt"
      for run in $(seq "$RUNS"); do
        order=$SERVERS
        if (( run % 2 == 0 )); then order=$(tr ' ' '\n' <<< "$SERVERS" | tac | tr '\n' ' '); fi
        for who in $order; do bench_once "$who" "$framing" "$scenario" "$run"; done
      done
    done
  done
  {
    echo
    echo "median over $RUNS runs (min-max); msg/s, churn in connections/s; p99 in us"
    printf '%-7s %-8s | %-26s | %-26s | %-6s | %-9s %-9s %-6s\n' framing scenario "netty example" berth ratio \
      "p99 netty" "p99 berth" ratio
    for framing in $FRAMINGS; do
      for scenario in $SCENARIOS; do
        read -r nm nlo nhi < <(column_stats 1 "$OUT/$framing-$scenario-netty.txt")
        read -r bm blo bhi < <(column_stats 1 "$OUT/$framing-$scenario-berth.txt")
        read -r np _ _ < <(column_stats 2 "$OUT/$framing-$scenario-netty.txt")
        read -r bp _ _ < <(column_stats 2 "$OUT/$framing-$scenario-berth.txt")
        printf '%-7s %-8s | %9s (%7s-%7s) | %9s (%7s-%7s) | %5.2fx | %9s %9s %5.2fx\n' "$framing" "$scenario" \
          "$nm" "$nlo" "$nhi" "$bm" "$blo" "$bhi" "$(awk "BEGIN{print $bm/($nm?$nm:1)}")" "$np" "$bp" \
          "$(awk "BEGIN{print $bp/($np?$np:1)}")"
      done
    done
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$OUT/throughput.txt"
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

slab_kib() { awk '/^Slab:/ {print $2}' /proc/meminfo; }

established() { ss -Htn state established "( sport = :$PORT )" | wc -l; }

rss() {
  local per=$(( (IDLE_CONNECTIONS + 1) / 2 ))
  say "rss: $IDLE_CONNECTIONS idle connections, held by 2 client processes"
  {
    printf '%-7s | %-12s | %-12s | %-14s | %-11s | %s\n' server "RSS idle" "RSS loaded" "per connection" connections \
      "kernel slab per socket (both ends are here)" 
    for who in netty berth; do
      start_server "$who" length --max-connections $((IDLE_CONNECTIONS + 1000))
      # Let start-up settle (JIT, lazy initialisation) before the baseline.
      sleep 3
      local before slab_before; before=$(rss_kib "$SERVER_PID"); slab_before=$(slab_kib)
      for i in 1 2; do
        taskset -c "$BENCH_CPU" java scripts/IdleConnections.java "$per" 127.0.0.1 "$PORT" \
          > "$OUT/idle-$i.out" 2>> "$LOG" &
        CLIENT_PIDS+=($!)
      done
      for _ in $(seq 600); do
        [ "$(established)" -ge $((per * 2)) ] && break
        sleep 0.2
      done
      sleep 5
      local after conns slab; after=$(rss_kib "$SERVER_PID"); conns=$(established); slab=$(slab_kib)
      printf '%-7s | %8s KiB | %8s KiB | %8.2f KiB | %11s | %.2f KiB\n' "$who" "$before" "$after" \
        "$(awk "BEGIN{print ($after-$before)/$conns}")" "$conns" "$(awk "BEGIN{print ($slab-$slab_before)/(2*$conns)}")"
      stop_clients
      stop_server
      sleep 2
    done
  } | tee "$OUT/rss.txt"
}

# startup_once [JVM options...]: milliseconds from exec to the first /readyz 200
startup_once() {
  local start end
  start=$(date +%s%N)
  # shellcheck disable=SC2068
  taskset -c "$SERVER_CPU" java $@ -jar "$JAR" server --port "$PORT" --metrics-host 127.0.0.1 \
    --metrics-port "$METRICS_PORT" >> "$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/readyz" 2>/dev/null; then break; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  stop_server
  echo $(( (end - start) / 1000000 ))
}

# train [JVM options...]: one server run to its first scrape and echo, then SIGTERM
train() {
  # shellcheck disable=SC2068
  taskset -c "$SERVER_CPU" java $@ -jar "$JAR" server --port "$PORT" --metrics-host 127.0.0.1 \
    --metrics-port "$METRICS_PORT" >> "$LOG" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$PORT"
  curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics" || true
  java -jar "$JAR" client --port "$PORT" training >> "$LOG" 2>&1 || true
  stop_server
}

startup() {
  local dynamic="$OUT/berth-dynamic.jsa" static="$OUT/berth.jsa" classes="$OUT/berth.classlist"
  say "startup: building the AppCDS archives (dynamic: $dynamic, static as in docker/Dockerfile: $static)"
  rm -f "$dynamic" "$static" "$classes"
  train "-XX:ArchiveClassesAtExit=$dynamic -Xlog:cds=off"
  train "-XX:DumpLoadedClassList=$classes"
  java -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$classes" -XX:SharedArchiveFile="$static" \
    -cp "$JAR" >> "$LOG" 2>&1
  {
    printf '%-52s | %s\n' "JVM options" "ms to /readyz 200: median (min-max) of 7"
    for opts in "" "-XX:SharedArchiveFile=$dynamic" "-XX:SharedArchiveFile=$static"; do
      local times=()
      for _ in $(seq 7); do times+=("$(startup_once "$opts")"); done
      read -r m lo hi < <(printf '%s\n' "${times[@]}" | stats)
      printf '%-52s | %s (%s-%s)\n' "${opts:-(none)}" "$m" "$lo" "$hi"
    done
  } | tee "$OUT/startup.txt"
}

say "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo), $(uname -sr)," \
  "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), netty-example $NETTY_EXAMPLE_VERSION on berth's Netty"
case $WHAT in
  throughput) throughput ;;
  rss) rss ;;
  startup) startup ;;
  all) throughput; rss; startup ;;
  *) say "usage: $0 [throughput|rss|startup|all]"; exit 2 ;;
esac
