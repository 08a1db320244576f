#!/usr/bin/env bash
# End to end over HTTP: the receiver in plain and safe mode beside a no-op servlet and a servlet
# that only walks the body with Woodstox (the floor any receiver stands on), on one
# embedded Jetty 12, loaded by wrk over loopback; endpoints alternate within each round.
#
#   bench/load.sh                      # 3 rounds x (1, 32, 128 connections) x (noop, walk, plain, safe)
#   DURATION=15 ROUNDS=2 CONNECTIONS="32" bench/load.sh
#   WARM_UP=60 bench/load.sh          # seconds of load per endpoint before the rounds (3 x DURATION)
#   SERVER_OPTS="-Xms1g -Xmx1g -XX:StartFlightRecording=filename=load.jfr" bench/load.sh
#   RECEIVER_CLASSES=/path/to/other/target/classes bench/load.sh   # another build of the receiver
#
# Needs bench/target/benchmarks.jar (see BENCHMARKS.md) and wrk. wrk runs with one thread
# (-t1): it shares the machine's cores with the server, and one thread drives 128 connections.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/target/benchmarks.jar
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARM_UP=${WARM_UP:-$((DURATION * 3))}
CONNECTIONS=${CONNECTIONS:-"1 32 128"}
ENDPOINTS=${ENDPOINTS:-"noop walk plain safe"}
PORT=${PORT:-18080}
SERVER_OPTS=${SERVER_OPTS:-"-Xms1g -Xmx1g"}
# Enough signed query strings for the fastest run; a reused one would be refused as a replay.
POOL=${POOL:-$((DURATION * 60000))}
# wrk's Lua holds them all; at 100 000 (160 MB) its garbage collector stalls the driver for
# 100 ms and more, and every endpoint's p99 with it.
SAFE_BODIES=${SAFE_BODIES:-20000}

[ -f "$JAR" ] || { echo "build $JAR first (see BENCHMARKS.md)" >&2; exit 1; }
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    # Stopped on purpose: its status (143) is not the run's, and must not skip the rm below.
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fixtures() { java -cp "$JAR" io.echatreceiver.bench.http.LoadFixtures "$@"; }

# shellcheck disable=SC2086
java $SERVER_OPTS -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" \
  io.echatreceiver.bench.http.LoadServer "$PORT" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  grep -q "listening" "$WORK/server.log" && break
  sleep 0.2
done
grep -q "listening" "$WORK/server.log" || { cat "$WORK/server.log"; exit 1; }

fixtures plain-body "$WORK/msgReply.xml"
fixtures safe-bodies "$WORK/safe.txt" "$SAFE_BODIES" 1

# The server's user + system CPU time so far, in clock ticks: CPU per request is the one figure
# that other processes on the machine disturb little.
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# Pushes the endpoint's handler has handled so far; 0 for the servlets without one.
handled() {
  case $1 in
    plain | safe) curl -fsS "http://127.0.0.1:$PORT/handled?handler=$1" ;;
    *) echo 0 ;;
  esac
}

# run ENDPOINT CONNECTIONS SECONDS
#   -> "rps p99_ms non2xx errors reused load1 cpu_us_per_request deduped"
run() {
  local endpoint=$1 connections=$2 seconds=$3 body mode
  fixtures queries "$WORK/queries.txt" "$POOL"
  if [ "$endpoint" = safe ]; then mode=safe; body="$WORK/safe.txt"; else mode=plain; body="$WORK/msgReply.xml"; fi
  local first_msg_id
  first_msg_id=$(( $(date +%s%N) / 1000 ))
  local cpu_before cpu_after handled_before handled_after load1
  cpu_before=$(server_cpu_ticks)
  handled_before=$(handled "$endpoint")
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/wrk/push.lua \
    "http://127.0.0.1:$PORT/$endpoint" -- "$WORK/queries.txt" "$mode" "$body" "$first_msg_id" \
    >"$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; exit 1; }
  cpu_after=$(server_cpu_ticks)
  handled_after=$(handled "$endpoint")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  awk -v load1="$load1" -v ticks=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" \
    -v handled=$((handled_after - handled_before)) -v receiver="$([ "$endpoint" = plain ] || [ "$endpoint" = safe ] && echo 1 || echo 0)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    /Socket errors:/ { errors = $4 + $6 + $8 + $10 }
    /queries reused:/ { reused = $3 }
    / requests in / { requests = $1 }
    END { printf "%.0f %.3f %d %d %d %s %.1f %d\n", rps, p99, non2xx, errors, reused, load1,
      requests ? ticks * 1000000 / hz / requests : 0,
      # A request answered without its handler running was taken for a duplicate.
      (receiver && requests > handled) ? requests - handled : 0 }
  ' "$WORK/wrk.out"
}

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# java: $(java -version 2>&1 | head -1); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "# duration ${DURATION}s per run, ${ROUNDS} round(s), wrk -t1, server: $SERVER_OPTS"

# On two cores the JIT's compiler threads share the machine with the load: one run of warm-up
# leaves the endpoint warmed last still compiling through the first round.
echo "# warm-up: ${WARM_UP}s per endpoint, half at 32 connections, half at 128"
for endpoint in $ENDPOINTS; do
  run "$endpoint" 32 $((WARM_UP / 2)) >/dev/null
  run "$endpoint" 128 $((WARM_UP - WARM_UP / 2)) >/dev/null
done

RESULTS="$WORK/results"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  for connections in $CONNECTIONS; do
    for endpoint in $ENDPOINTS; do
      line=$(run "$endpoint" "$connections" "$DURATION")
      echo "$round $connections $endpoint $line" | tee -a "$RESULTS"
    done
  done
done

echo
echo "| connections | endpoint | requests/s | p99 ms | vs noop: requests/s | vs noop: p99 | vs walk: requests/s | server CPU µs/request | vs noop: CPU | non-2xx | socket errors | replays | duplicates | load avg (1 min) |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
# Median over rounds of requests/s and of p99; the ratio is of the medians.
awk '
  { key = $2 " " $3; n[key]++; rps[key, n[key]] = $4; p99[key, n[key]] = $5; cpu[key, n[key]] = $10
    bad[key] += $6; err[key] += $7; reused[key] += $8; deduped[key] += $11; load[key] = load[key] (load[key] == "" ? "" : " ") $9
    if (!(($2) in seen)) { seen[$2] = 1; order[++conns] = $2 }
    if (!(($3) in seenE)) { seenE[$3] = 1; eps[++neps] = $3 } }
  function median(arr, key, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = arr[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2 }
  END {
    for (c = 1; c <= conns; c++) {
      base = order[c] " noop"
      baseRps = median(rps, base, n[base]); baseP99 = median(p99, base, n[base]); baseCpu = median(cpu, base, n[base])
      walk = order[c] " walk"; walkRps = n[walk] ? median(rps, walk, n[walk]) : 0
      for (e = 1; e <= neps; e++) {
        key = order[c] " " eps[e]
        r = median(rps, key, n[key]); p = median(p99, key, n[key]); u = median(cpu, key, n[key])
        printf "| %s | %s | %.0f | %.2f | %s | %s | %s | %.1f | %s | %d | %d | %d | %d | %s |\n", order[c], eps[e], r, p,
          (baseRps ? sprintf("%.2f", r / baseRps) : "-"), (baseP99 ? sprintf("%.2f", p / baseP99) : "-"),
          (walkRps ? sprintf("%.2f", r / walkRps) : "-"),
          u, (baseCpu ? sprintf("%.2f", u / baseCpu) : "-"),
          bad[key], err[key], reused[key], deduped[key], load[key]
      }
    }
  }' "$RESULTS"

# The goals compare with the walk round by round, so that the machine's drift between
# rounds cancels: each round's ratio, then their median and range.
if grep -q " walk " "$RESULTS"; then
  echo
  echo "| connections | endpoint | requests/s vs walk, per round: median (range) | p99 vs walk | server CPU vs walk |"
  echo "|---:|---|---|---|---|"
  awk '
    { rps[$1, $2, $3] = $4; p99[$1, $2, $3] = $5; cpu[$1, $2, $3] = $10; rounds[$1] = 1
      if (!(($2) in seen)) { seen[$2] = 1; order[++conns] = $2 }
      if (!(($3) in seenE)) { seenE[$3] = 1; eps[++neps] = $3 } }
    function summary(arr, c, e,   r, n, v, i, j, t) {
      n = 0
      for (r in rounds) if (arr[r, c, "walk"] > 0 && ((r, c, e) in arr)) v[++n] = arr[r, c, e] / arr[r, c, "walk"]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      if (n == 0) return "-"
      return sprintf("%.2f (%.2f to %.2f)", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2, v[1], v[n]) }
    END {
      for (c = 1; c <= conns; c++) for (e = 1; e <= neps; e++) {
        if (eps[e] == "walk") continue
        printf "| %s | %s | %s | %s | %s |\n", order[c], eps[e], summary(rps, order[c], eps[e]),
          summary(p99, order[c], eps[e]), summary(cpu, order[c], eps[e])
      }
    }' "$RESULTS"
fi
