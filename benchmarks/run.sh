#!/usr/bin/env bash
# Runs every client against Postfix's smtp-sink on 127.0.0.1, direct and through a 1 ms latency
# proxy, at 1 and 8 threads, each figure 3 times, then prints medians with ratios against
# spring-javamail and against Postfix's C client smtp-source. Installs nothing.
#
#   benchmarks/run.sh                 # everything (about 45 minutes on 2 cores)
#   QUICK=1 benchmarks/run.sh         # fewer messages, one repeat: a smoke run
#   CLIENTS="netsmtp-template angus-reuse" benchmarks/run.sh
#   benchmarks/run.sh memory          # the 1 GiB message with -Xmx64m
#
# Environment: MESSAGES (direct, default 100000; half as many again warm each JVM up first),
# LATENCY_MESSAGES (per thread, default 500), SIZE (2048),
# REPEATS (3), DELAY_MS (1), THREADS ("1 8"), MODES ("direct latency"), JAR (the benchmarks jar).
set -euo pipefail
cd "$(dirname "$0")/.."

PATH="$PATH:/usr/sbin:/usr/lib/postfix/sbin"
for tool in smtp-sink smtp-source; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run.sh: $tool not found; it comes with Postfix: apt-get install postfix (no need to configure or start it)" >&2
    exit 2
  fi
done

QUICK=${QUICK:-}
MESSAGES=${MESSAGES:-$([ -n "$QUICK" ] && echo 5000 || echo 100000)}
LATENCY_MESSAGES=${LATENCY_MESSAGES:-$([ -n "$QUICK" ] && echo 200 || echo 500)}
SIZE=${SIZE:-2048}
REPEATS=${REPEATS:-$([ -n "$QUICK" ] && echo 1 || echo 3)}
DELAY_MS=${DELAY_MS:-1}
THREADS=${THREADS:-"1 8"}
MODES=${MODES:-"direct latency"}
CLIENTS=${CLIENTS:-"netsmtp-template netsmtp-session angus-reuse angus-per-message spring-javamail simplejavamail-pool vertx-pool"}

JAR=${JAR:-benchmarks/target/netsmtp-benchmarks.jar}   # JAR=... to compare two builds
if [ ! -f "$JAR" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: nothing listens on 127.0.0.1:$1" >&2
  return 1
}

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

SINK_PORT=$(free_port)
SINK_ARGS=()
[ "$(id -u)" = 0 ] && SINK_ARGS=(-u postfix)   # smtp-sink will not run as root
smtp-sink "${SINK_ARGS[@]}" 127.0.0.1:"$SINK_PORT" 1024 >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$SINK_PORT"

if [ "${1:-}" = memory ]; then
  echo "1 GiB message through sendMessage(InputStream) with -Xmx64m, to smtp-sink (DATA):"
  java -Xmx64m -jar "$JAR" memory --port "$SINK_PORT" --mib "${MIB:-1024}"
  CHUNK_PORT=$(free_port)
  java -Xmx64m -jar "$JAR" chunking-sink --listen "$CHUNK_PORT" >/dev/null 2>&1 &
  PIDS+=($!)
  wait_port "$CHUNK_PORT"
  echo "the same to a discarding sink that offers CHUNKING (BDAT chunks of 64 KiB):"
  java -Xmx64m -jar "$JAR" memory --port "$CHUNK_PORT" --mib "${MIB:-1024}"
  exit 0
fi

PROXY_PORT=$(free_port)
java -jar "$JAR" latency-proxy --listen "$PROXY_PORT" --target "$SINK_PORT" --delay-ms "$DELAY_MS" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$PROXY_PORT"

RESULTS=$(mktemp -t netsmtp-bench.XXXXXX.csv)
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)" >&2
echo "# raw results: $RESULTS" >&2

# smtp-source: the same size, count and sessions, sessions reused (-d). CPU from bash's time.
run_smtp_source() {
  local port=$1 threads=$2 messages=$3 out
  # smtp-source's -l is the body alone; it adds about 150 octets of headers.
  out=$( { TIMEFORMAT='%R %U %S'; time smtp-source -d -s "$threads" -m "$messages" -l "$SIZE" \
      -f bench@example.com -t sink@example.com 127.0.0.1:"$port" >/dev/null; } 2>&1 )
  read -r real user sys <<<"$out"
  awk -v t="$threads" -v m="$messages" -v b="$SIZE" -v r="$real" -v u="$user" -v s="$sys" \
    'BEGIN { printf "smtp-source,%d,%d,%d,%.3f,%.0f,%.3f\n", t, m, b, r, m / r, u + s }'
}

for mode in $MODES; do
  # Through the proxy the Java clients warm up against the sink directly (--warmup-port).
  if [ "$mode" = latency ]; then port=$PROXY_PORT; else port=$SINK_PORT; fi
  warmup=$((MESSAGES / 2))
  for threads in $THREADS; do
    # Through the proxy each thread sends LATENCY_MESSAGES, so that 8 threads run as long as 1.
    if [ "$mode" = latency ]; then messages=$((LATENCY_MESSAGES * threads)); else messages=$MESSAGES; fi
    for rep in $(seq 1 "$REPEATS"); do
      for client in $CLIENTS smtp-source; do
        if [ "$client" = smtp-source ]; then
          smtp-source -d -s "$threads" -m "$warmup" -l "$SIZE" -f bench@example.com -t sink@example.com \
            127.0.0.1:"$SINK_PORT" >/dev/null
          line=$(run_smtp_source "$port" "$threads" "$messages")
        else
          if ! line=$(timeout 600 java -jar "$JAR" --client "$client" --port "$port" --threads "$threads" \
              --messages "$messages" --size "$SIZE" --warmup "$warmup" --warmup-port "$SINK_PORT" \
              2>"$RESULTS.$client.err" | tail -1); then
            echo "run.sh: $client failed at $threads threads ($mode); its output: $RESULTS.$client.err" >&2
            continue
          fi
        fi
        echo "$mode,$line" | tee -a "$RESULTS" >&2
      done
    done
  done
done

# Medians of msgs/s and of CPU per message, with ratios.
echo
echo "mode,threads,client,msgs_per_s,cpu_us_per_msg,vs_spring_javamail,vs_smtp_source"
awk -F, '
  { key = $1 "," $3 "," $2; n[key]++; rate[key, n[key]] = $7; cpu[key, n[key]] = $8 / $4 * 1e6; order[key] = NR }
  function median(arr, key, count,   i, j, v, tmp) {
    for (i = 1; i <= count; i++) v[i] = arr[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END {
    for (key in n) { m[key] = median(rate, key, n[key]); c[key] = median(cpu, key, n[key]) }
    for (key in n) {
      split(key, k, ",")
      spring = m[k[1] "," k[2] ",spring-javamail"]; source = m[k[1] "," k[2] ",smtp-source"]
      printf "%s,%s,%s,%.0f,%.0f,%s,%s\n", k[1], k[2], k[3], m[key], c[key],
        spring ? sprintf("%.2f", m[key] / spring) : "", source ? sprintf("%.2f", m[key] / source) : ""
    }
  }' "$RESULTS" | sort -t, -k1,1 -k2,2n -k4,4nr
