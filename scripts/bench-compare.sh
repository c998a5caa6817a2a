#!/usr/bin/env bash
# berth side by side with two yardsticks on this machine: Netty's own example echo server
# (io.netty.example.echo.EchoServer, the same Netty without framing, limits or metrics) and a
# single-threaded epoll echo server in C (scripts/c-echo-server.c, about the cost of the system
# calls alone). See docs/benchmarks.md for what it measures and the figures.
#
#   scripts/bench-compare.sh [throughput|rss|startup|all]     (default: all)
#
# throughput  every scenario, each framing: the servers one after the other, runs interleaved
#             (c, netty, berth, then berth, netty, c, ...), RUNS of each, medians and spread;
#             server pinned to core SERVER_CPU, the load (`berth bench`) to core BENCH_CPU.
# rss         resident memory per idle connection, IDLE_CONNECTIONS of them, held by separate
#             client processes (one process may not hold them all: open-file limit).
# startup     process start to the first `/readyz` 200 (the server pinned to SERVER_CPU), on
#             each JDK in JDKS: the plain jar, the jar with each kind of class-data archive the
#             JDK has (static from a class list, dynamic, and the AOT cache on JDK 25+), and the
#             distribution's bin/berth; then `berth client` doing one round trip, both ways.
#
# Environment: RUNS (3), DURATION (10s), WARMUP (5s: JIT-compiled code in the JVM servers),
# FRAMINGS ("length line"), SCENARIOS ("1c 50c 50cx16 10cx16k churn"), IDLE_CONNECTIONS (19000),
# NETTY_EXAMPLE_VERSION (4.2.17.Final, the newest netty-example on Maven Central), SERVER_CPU (0),
# BENCH_CPU (1), BERTH_JVM_OPTS and NETTY_JVM_OPTS (none: both run on the JVM's defaults),
# BERTH_ARGS (extra `berth server` options, none: the default configuration), SERVERS
# ("c netty berth"; c is left out where there is no cc; `berth` alone compares nothing but measures
# a tuning change quickly), STARTUP_RUNS (10), JDKS (the java on PATH; e.g.
# "/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"), OUT (target/bench-compare).
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
SERVERS=${SERVERS:-c netty berth}
STARTUP_RUNS=${STARTUP_RUNS:-10}
JDKS=${JDKS:-}
OUT=${OUT:-target/bench-compare}
PORT=${PORT:-23456}
METRICS_PORT=${METRICS_PORT:-23457}

JAR=cli/target/berth.jar
mkdir -p "$OUT"
LOG="$OUT/log"
: > "$LOG"

# shellcheck source=scripts/bench-processes.sh disable=SC1091 # followed with shellcheck -x
. scripts/bench-processes.sh

[ -f "$JAR" ] || { say "building $JAR"; ./mvnw -B -q package -DskipTests; }
NETTY_JAR="$OUT/netty-example-$NETTY_EXAMPLE_VERSION.jar"
if [ ! -f "$NETTY_JAR" ]; then
  say "fetching io.netty:netty-example:$NETTY_EXAMPLE_VERSION from Maven Central"
  ./mvnw -B -q dependency:copy -Dartifact="io.netty:netty-example:$NETTY_EXAMPLE_VERSION" \
    -DoutputDirectory="$OUT" -Dmdep.overWriteIfNewer=true >> "$LOG" 2>&1
fi
command -v taskset >/dev/null || { say "taskset (util-linux) is needed to pin the processes"; exit 1; }
C_SERVER="$OUT/c-echo-server"
if [[ " $SERVERS " == *" c "* ]]; then
  if ! command -v cc >/dev/null; then
    say "no cc: the C echo server is left out"
    SERVERS=$(tr ' ' '\n' <<< "$SERVERS" | grep -vx c | tr '\n' ' ')
  elif [ ! -x "$C_SERVER" ] || [ scripts/c-echo-server.c -nt "$C_SERVER" ]; then
    cc -O2 -Wall -o "$C_SERVER" scripts/c-echo-server.c
  fi
fi

# start_server c|netty|berth FRAMING [extra berth options...]
start_server() {
  local who=$1 framing=$2; shift 2
  if [ "$who" = c ]; then
    taskset -c "$SERVER_CPU" "$C_SERVER" "$PORT" 127.0.0.1 >> "$LOG" 2>&1 &
  elif [ "$who" = netty ]; then
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

# bench_once c|netty|berth FRAMING SCENARIO: appends "rate p99" to the results file
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

# ratio A B: A / B with two decimals, "-" when B was not measured
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "-" }'; }

throughput() {
  say "throughput: $RUNS runs of $DURATION (+$WARMUP warmup) per server ($SERVERS), scenario and framing"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg); say "load average before: $load"
  for framing in $FRAMINGS; do
    for scenario in $SCENARIOS; do
      for who in c netty berth; do rm -f "$OUT/$framing-$scenario-$who.txt"; done
      for run in $(seq "$RUNS"); do
        order=$SERVERS
        if (( run % 2 == 0 )); then order=$(tr ' ' '\n' <<< "$SERVERS" | tac | tr '\n' ' '); fi
        for who in $order; do bench_once "$who" "$framing" "$scenario" "$run"; done
      done
    done
  done
  {
    echo
    echo "median over $RUNS runs (min-max); msg/s, churn in connections/s; p99 in us; 0 = not run"
    printf '%-7s %-8s | %-26s | %-26s | %-26s | %-11s %-11s | %-7s %-7s %-7s\n' framing scenario "C epoll" \
      "netty example" berth "berth/netty" "berth/C" "p99 C" "p99 netty" "p99 berth"
    for framing in $FRAMINGS; do
      for scenario in $SCENARIOS; do
        read -r cm clo chi < <(column_stats 1 "$OUT/$framing-$scenario-c.txt")
        read -r nm nlo nhi < <(column_stats 1 "$OUT/$framing-$scenario-netty.txt")
        read -r bm blo bhi < <(column_stats 1 "$OUT/$framing-$scenario-berth.txt")
        read -r cp _ _ < <(column_stats 2 "$OUT/$framing-$scenario-c.txt")
        read -r np _ _ < <(column_stats 2 "$OUT/$framing-$scenario-netty.txt")
        read -r bp _ _ < <(column_stats 2 "$OUT/$framing-$scenario-berth.txt")
        printf '%-7s %-8s | %9s (%7s-%7s) | %9s (%7s-%7s) | %9s (%7s-%7s) | %-11s %-11s | %-7s %-7s %-7s\n' \
          "$framing" "$scenario" "$cm" "$clo" "$chi" "$nm" "$nlo" "$nhi" "$bm" "$blo" "$bhi" \
          "$(ratio "$bm" "$nm")" "$(ratio "$bm" "$cm")" "$cp" "$np" "$bp"
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

# startup_once COMMAND...: "WALL CPU": milliseconds from exec to the first /readyz 200 of
# `COMMAND server` (COMMAND is how berth is started: `java -jar berth.jar`, `bin/berth`, ...),
# polled from the other core, and the CPU time the server's process had used by then. On one
# pinned core the two are the same when nothing else runs; CPU time hardly changes with other
# load on the machine, wall time does.
startup_once() {
  local start end cpu
  start=$(date +%s%N)
  taskset -c "$SERVER_CPU" "$@" server --host 127.0.0.1 --port "$PORT" --metrics-host 127.0.0.1 \
    --metrics-port "$METRICS_PORT" >> "$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 3000); do
    if taskset -c "$BENCH_CPU" curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/readyz" 2>/dev/null; then break; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  cpu=$(cpu_ms "$SERVER_PID")
  stop_server
  echo "$(( (end - start) / 1000000 )) $cpu"
}

# cpu_ms PID: user + system CPU time of a process so far, in milliseconds
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}

# train COMMAND...: one server run to its first scrape and echo, then SIGTERM (what the archives
# are made from)
train() {
  taskset -c "$SERVER_CPU" "$@" server --host 127.0.0.1 --port "$PORT" --metrics-host 127.0.0.1 \
    --metrics-port "$METRICS_PORT" >> "$LOG" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$PORT"
  for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/readyz" && break; sleep 0.05; done
  curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics" || true
  java -jar "$JAR" client --port "$PORT" training >> "$LOG" 2>&1 || true
  stop_server
}

# client_once COMMAND...: "WALL CPU": milliseconds for `COMMAND client` to send one message to the
# running server and print the reply, and the CPU time it used
client_once() {
  local TIMEFORMAT='%R %U %S' times
  times=$( { time taskset -c "$SERVER_CPU" "$@" client --port "$PORT" hello > /dev/null 2>> "$LOG"; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<< "$times"
}

# row LABEL MEASURE COMMAND...: STARTUP_RUNS measurements, one table row: wall time and CPU time
row() {
  local label=$1 measure=$2 m lo hi cm clo chi; shift 2
  : > "$OUT/row.txt"
  for _ in $(seq "$STARTUP_RUNS"); do "$measure" "$@" >> "$OUT/row.txt"; done
  read -r m lo hi < <(column_stats 1 "$OUT/row.txt")
  read -r cm clo chi < <(column_stats 2 "$OUT/row.txt")
  printf '%-10s | %-34s | %6s (%s-%s) | %6s (%s-%s)\n' "$jdk_version" "$label" "$m" "$lo" "$hi" "$cm" "$clo" "$chi"
}

startup() {
  local tarballs dist
  tarballs=(cli/target/berth-*.tar.gz)
  [ -f "${tarballs[0]}" ] || { say "building the distribution"; ./mvnw -B -q package -DskipTests; \
    tarballs=(cli/target/berth-*.tar.gz); }
  rm -rf "$OUT/dist" && mkdir -p "$OUT/dist" && tar xzf "${tarballs[0]}" -C "$OUT/dist"
  dist=("$OUT"/dist/berth-*)
  say "startup: median of $STARTUP_RUNS, server pinned to core $SERVER_CPU; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  {
    printf '%-10s | %-34s | %s | %s\n' JDK "how berth starts" "wall ms: median (min-max) of $STARTUP_RUNS" "CPU ms"
    for jdk in ${JDKS:-default}; do
      local java=java home_env=()
      if [ "$jdk" != default ]; then java=$jdk/bin/java; home_env=(JAVA_HOME="$jdk"); else home_env=(-u JAVA_HOME); fi
      jdk_version=$("$java" -version 2>&1 | head -1 | cut -d'"' -f2)
      local feature=${jdk_version%%.*} dir="$OUT/startup-$jdk_version"
      rm -rf "$dir" && mkdir -p "$dir"
      say "  JDK $jdk_version: making the archives (training runs)"
      train "$java" -XX:DumpLoadedClassList="$dir/berth.classlist" -jar "$JAR"
      "$java" -Xshare:dump -XX:SharedClassListFile="$dir/berth.classlist" -XX:SharedArchiveFile="$dir/static.jsa" \
        -cp "$JAR" >> "$LOG" 2>&1
      train "$java" -XX:ArchiveClassesAtExit="$dir/dynamic.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR"
      (( feature < 25 )) || train "$java" -XX:AOTCacheOutput="$dir/berth.aot" -Xlog:cds=off -Xlog:aot=off -jar "$JAR"
      local launcher=(env "${home_env[@]}" JAVA_OPTS= BERTH_JAVA_OPTS= BERTH_ARCHIVE= BERTH_CACHE_DIR="$dir/cache" \
        "${dist[0]}/bin/berth")
      train "${launcher[@]}" # the launcher's first run makes its archive for `server`
      row "java -jar" startup_once "$java" -jar "$JAR"
      row "static archive (-Xshare:dump)" startup_once "$java" -XX:SharedArchiveFile="$dir/static.jsa" \
        -Xlog:cds=off -jar "$JAR"
      row "dynamic archive (at exit)" startup_once "$java" -XX:SharedArchiveFile="$dir/dynamic.jsa" \
        -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR"
      (( feature < 25 )) || row "AOT cache (-XX:AOTCache)" startup_once "$java" -XX:AOTCache="$dir/berth.aot" \
        -Xlog:cds=off -Xlog:aot=off -jar "$JAR"
      row "bin/berth" startup_once "${launcher[@]}"
      # One round trip of `berth client` against a server on the other core.
      taskset -c "$BENCH_CPU" "$java" -jar "$JAR" server --host 127.0.0.1 --port "$PORT" --metrics-host 127.0.0.1 \
        --metrics-port "$METRICS_PORT" >> "$LOG" 2>&1 &
      SERVER_PID=$!
      wait_for_port "$PORT"
      client_once "${launcher[@]}" > /dev/null # makes the launcher's archive for `client`
      row "client round trip, java -jar" client_once "$java" -jar "$JAR"
      row "client round trip, bin/berth" client_once "${launcher[@]}"
      stop_server
    done
  } | tee "$OUT/startup.txt"
}

say "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo), $(uname -sr)," \
  "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), netty-example $NETTY_EXAMPLE_VERSION on berth's Netty," \
  "$(cc --version 2>/dev/null | head -1)"
case $WHAT in
  throughput) throughput ;;
  rss) rss ;;
  startup) startup ;;
  all) throughput; rss; startup ;;
  *) say "usage: $0 [throughput|rss|startup|all]"; exit 2 ;;
esac
