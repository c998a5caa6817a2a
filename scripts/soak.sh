#!/usr/bin/env bash
# Soak test: a berth server under mixed load for a long time, sampled every 10 s into a CSV.
#
#   scripts/soak.sh [--duration 10m] [--out target/soak.csv] [--jar cli/target/berth.jar]
#
# Load, all from `berth bench` and bash:
#   - steady: 50 long-lived connections at 5,000 messages/s in all (open loop), every byte checked;
#   - a reconnect storm every minute: 5 s of one fresh connection per message, 20 at a time;
#   - garbage every 10 s: an HTTP request, a TLS ClientHello, random bytes, an over-long line, a
#     peer that resets in the middle of a message.
# Every 10 s, after a full GC (jcmd GC.run): RSS, heap after GC, open fds, event-loop tasks
# pending, buffer memory, connections, messages and error counters.
#
# Fails (exit 1) when a message is lost or corrupted, when the server dies or does not stop
# cleanly, or on a trend after warm-up (the first fifth of the run): RSS or heap after GC growing
# by more than 10% (and 16 MiB), or file descriptors not held by connections growing (by more
# than the two a scrape and an attach may hold).
# Needs Linux (/proc), a JDK (java, jcmd), curl. Not part of the build: run it by hand.
set -euo pipefail

duration=10m
out=target/soak.csv
jar=cli/target/berth.jar
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -f "$jar" ]] || { echo "soak: $jar not found: build it with ./mvnw -B -q install -DskipTests" >&2; exit 2; }

seconds() { # 90s, 10m, 1h -> seconds
  local value="${1%[smh]}"
  case "$1" in *m) echo $((value * 60)) ;; *h) echo $((value * 3600)) ;; *) echo "$value" ;; esac
}
total=$(seconds "$duration")
interval=10
work=$(mktemp -d)
mkdir -p "$(dirname "$out")"
server_pid=""
bench_pid=""

cleanup() {
  [[ -n "$bench_pid" ]] && kill "$bench_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -Xmx256m -jar "$jar" server --host 127.0.0.1 --port 0 --metrics-host 127.0.0.1 --metrics-port 0 \
  --idle-timeout 30s 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q ' ready: ' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
ready=$(grep ' ready: ' "$work/server.log") || { echo "soak: server not ready" >&2; exit 1; }
port=$(sed -E 's/.* address=[^ ]*:([0-9]+) .*/\1/' <<<"$ready")
metrics_url="http://$(sed -E 's/.* metrics=([^ ]+).*/\1/' <<<"$ready")/metrics"
echo "soak: server pid $server_pid on port $port for $duration; samples in $out"

# name{labels} -> the sum of every series of that name (labels given: only those series)
metric() {
  awk -v want="$1" '
    /^#/ { next }
    { series = $0; sub(/ [^ ]*$/, "", series); name = series; sub(/\{.*/, "", name) }
    name == want || index(series, want) == 1 { sum += $NF }
    END { printf "%.0f", sum }' "$work/metrics"
}

sample() {
  jcmd "$server_pid" GC.run >/dev/null
  curl -sf "$metrics_url" >"$work/metrics"
  local rss fds
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  fds=$(ls "/proc/$server_pid/fd" | wc -l)
  echo "$1,$rss,$(( $(metric 'jvm_memory_used_bytes{area="heap"') / 1024 )),$fds,$(metric netty_eventexecutor_tasks_pending),$(( $(metric netty_allocator_memory_used) / 1024 )),$(metric berth_connections_active),$(metric berth_connections_accepted_total),$(metric berth_messages_received_total),$(metric berth_messages_sent_total),$(metric 'berth_connections_closed_total{cause="error"'),$(metric berth_protocol_errors_total)" >>"$out"
}

garbage() {
  { printf 'GET / HTTP/1.1\r\nHost: soak\r\n\r\n' >&3; } 3<>"/dev/tcp/127.0.0.1/$port" || true
  { printf '\x16\x03\x01\x00\x2e\x01\x00\x00\x2a\x03\x03' >&3; head -c 40 /dev/urandom >&3; } 3<>"/dev/tcp/127.0.0.1/$port" || true
  { head -c 20000 /dev/urandom >&3; } 3<>"/dev/tcp/127.0.0.1/$port" || true
  { head -c 70000 /dev/zero | tr '\0' 'x' >&3; } 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || true
  # A reset in the middle of a message: closing a socket with an unread reply makes the kernel
  # send RST, and "half a mess" is the message cut short.
  ( exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'ping\nhalf a mess' >&3; sleep 0.2 ) 2>/dev/null || true
}

java -jar "$jar" bench --port "$port" --connections 50 --rate 5000 --warmup 0 --duration "${total}s" --json \
  >"$work/steady.json" 2>"$work/steady.log" &
bench_pid=$!

echo "elapsed_s,rss_kib,heap_after_gc_kib,fds,tasks_pending,buffers_kib,connections_active,connections_accepted,messages_received,messages_sent,closed_error,protocol_errors" >"$out"
storms_failed=0
start=$(date +%s)
next_sample=0
next_storm=30
while (( $(date +%s) - start < total )); do
  elapsed=$(( $(date +%s) - start ))
  kill -0 "$server_pid" 2>/dev/null || { echo "soak: the server died" >&2; cat "$work/server.log" >&2; exit 1; }
  if (( elapsed >= next_sample )); then
    sample "$elapsed"
    next_sample=$(( next_sample + interval ))
    garbage
  fi
  if (( elapsed >= next_storm && elapsed < total - 10 )); then
    next_storm=$(( next_storm + 60 ))
    java -jar "$jar" bench --port "$port" --churn --connections 20 --warmup 0 --duration 5s \
      >>"$work/storms.log" 2>&1 || storms_failed=$((storms_failed + 1))
  fi
  sleep 1
done
wait "$bench_pid" && steady_ok=1 || steady_ok=0
bench_pid=""
sample "$(( $(date +%s) - start ))"

kill -TERM "$server_pid"
stopped=0
for _ in $(seq 400); do kill -0 "$server_pid" 2>/dev/null || { stopped=1; break; }; sleep 0.1; done
wait "$server_pid" && server_exit=0 || server_exit=$?
server_pid=""

# Trend after warm-up: first third against last third of the samples after it.
verdict=$(awk -F, -v warm=$((total / 5)) '
  NR == 1 || $1 < warm { next }
  { n++; t[n] = $1; rss[n] = $2; heap[n] = $3; other[n] = $4 - $7 }
  END {
    if (n < 6) { print "too few samples after warm-up (run longer)"; exit }
    third = int(n / 3)
    for (i = 1; i <= third; i++) { r1 += rss[i]; h1 += heap[i]; if (other[i] > o1) o1 = other[i] }
    for (i = n - third + 1; i <= n; i++) { r2 += rss[i]; h2 += heap[i]; if (other[i] > o2) o2 = other[i] }
    r1 /= third; r2 /= third; h1 /= third; h2 /= third
    bad = ""
    if (r2 > r1 * 1.10 && r2 - r1 > 16384) bad = bad sprintf("RSS grew from %d to %d KiB; ", r1, r2)
    if (h2 > h1 * 1.10 && h2 - h1 > 16384) bad = bad sprintf("heap after GC grew from %d to %d KiB; ", h1, h2)
    if (o2 > o1 + 2) bad = bad sprintf("fds not held by connections grew from %d to %d; ", o1, o2)
    print (bad == "" ? "flat" : bad)
  }' "$out")

first=$(sed -n 2p "$out"); last=$(tail -1 "$out")
field() { cut -d, -f"$2" <<<"$1"; }
lost=$(grep -o '"lost":[0-9]*' "$work/steady.json" | cut -d: -f2 || echo "?")
mismatch=$(grep -o '"mismatch":[0-9]*' "$work/steady.json" | cut -d: -f2 || echo "?")
steady_messages=$(grep -o '"messages":[0-9]*' "$work/steady.json" | cut -d: -f2 || echo "?")
cat <<EOF
soak summary ($duration, ${interval}s samples in $out)
  RSS          $(field "$first" 2) KiB at start, $(field "$last" 2) KiB at end
  heap (GC'd)  $(field "$first" 3) KiB at start, $(field "$last" 3) KiB at end
  open fds     $(field "$first" 4) at start, $(field "$last" 4) at end
  messages     $(field "$last" 9) received, $(field "$last" 10) sent by the server; steady bench: $steady_messages, lost $lost, mismatched $mismatch
  connections  $(field "$last" 8) accepted; closed by errors (resets) $(field "$last" 11); protocol errors (garbage) $(field "$last" 12)
  storms       $(grep -c 'result ' "$work/storms.log" || true) run, $storms_failed failed
  trend        $verdict
  stop         $( ((stopped)) && echo "exit $server_exit after SIGTERM" || echo "still running 40 s after SIGTERM")
EOF
if [[ "$steady_ok" != 1 || "$lost" != 0 || "$mismatch" != 0 || $storms_failed -gt 0 || "$verdict" != flat \
      || $stopped != 1 || $server_exit != 0 ]]; then
  echo "soak: FAILED" >&2
  tail -5 "$work/steady.log" >&2
  exit 1
fi
echo "soak: ok"
