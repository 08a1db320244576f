#!/usr/bin/env bash
# The server's CPU per durable push over HTTP beside its two parts, in the same run: BENCHMARKS.md
# section 3. Each round, at each concurrency C, one step after another:
#   inline   wrk to LoadServer's /plain (inline delivery, no-op handler): the receiver's CPU per
#            request
#   durable  wrk to /durable (the same with delivery=durable on PostgreSQL): the receiver's CPU
#            plus PostgreSQL's, per request
#   store    StoreAlone, C threads calling DurableDispatcher.dispatch in a JVM of its own, no
#            HTTP: that JVM's CPU plus PostgreSQL's, per push
# whole = durable, parts = inline + store; prints whole / parts per round, then the median of the
# rounds' ratios with their range. From the repository root, after
#   mvn -q install -DskipTests && mvn -q -f bench/pom.xml package
# run
#   bench/durable/cpu.sh                                 # 3 rounds x (1, 8, 32) x 3 steps of 8 s
#   ROUNDS=1 DURATION=5 WARMUP=5 CONNECTIONS="32" bench/durable/cpu.sh
#   SERVER_OPTS="-Xms1g -Xmx1g -XX:StartFlightRecording=filename=/tmp/durable.jfr" bench/durable/cpu.sh
# Environment (all optional): PGHOST PGPORT PGUSER (127.0.0.1, 5432, postgres; trust or
# ~/.pgpass); BENCH_DB, the database it creates and empties before each step (echat_cpu), nothing
# else is touched; RECEIVER_CLASSES, the receiver's classes measured (target/classes); PGDATA, to
# find the postmaster where SHOW data_directory is not readable.
#
# Both endpoints run the receiver's default protections: a signature reserved before the body is
# read and bound to one body, and a body deadline. PostgreSQL runs on this host (wrk and both JVMs
# use loopback only); its CPU is read from /proc two ways: every process of the server (the live
# ones' user + system time, and the postmaster's children that exited, cutime + cstime), and, the
# figure used, the same without the sessions of other databases, which another user of the server
# would add (this database's sessions, the pools', outlive every step). Each step says how many
# such sessions were open, the inline step how much PostgreSQL spent without this database, and
# each step counts PostgreSQL's write transactions (pushes per transaction: group commit's batches)
# and its JVM's JIT compiler threads' CPU, which is in the figures and should be near nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=bench/target/benchmarks.jar
CLASSES=${RECEIVER_CLASSES:-target/classes}
DURATION=${DURATION:-8}
# The warm-up round's steps: at one connection the JIT reaches its last tier for the durable path
# only after some 30 000 pushes, which take 10 to 30 s there.
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-"1 8 32"}
PORT=${PORT:-18081}
SERVER_OPTS=${SERVER_OPTS:-"-Xms1g -Xmx1g"}
STORE_OPTS=${STORE_OPTS:-"-Xms1g -Xmx1g"}
# Enough signed query strings for the fastest step; a reused one would be refused as a replay.
POOL=${POOL:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-echat_cpu}
JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=$PGUSER"
HZ=$(getconf CLK_TCK)

for file in "$JAR" "$CLASSES"; do
  [ -e "$file" ] || { echo "Missing $file: build first (see the top of $0)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 2; }

psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || createdb "$DB"

postmaster_pid() {
  local data=${PGDATA:-}
  [ -n "$data" ] || data=$(psql -d "$DB" -Atc 'SHOW data_directory' 2>/dev/null || true)
  if [ -n "$data" ] && [ -r "$data/postmaster.pid" ]; then
    head -1 "$data/postmaster.pid"
  else
    # The oldest process named postgres is the postmaster, unless several servers run here.
    pgrep -o -x postgres
  fi
}
POSTMASTER=$(postmaster_pid)
[ -r "/proc/$POSTMASTER/stat" ] || { echo "No postmaster at pid '$POSTMASTER'" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER_PID=
STORE_JVM=
cleanup() {
  if [ -n "$STORE_JVM" ]; then
    { echo quit >&"$STORE_IN"; } 2>/dev/null || true
    # Given a moment to close its pool; then stopped.
    for _ in $(seq 50); do kill -0 "$STORE_JVM" 2>/dev/null || break; sleep 0.1; done
    kill "$STORE_JVM" 2>/dev/null || true
    wait "$STORE_JVM" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    # Stopped on purpose: its status (143) is not the run's, and must not skip the rm below.
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fixtures() { java -cp "$JAR" io.echatreceiver.bench.http.LoadFixtures "$@"; }

# The receiver's classes given come before the copy shaded into the jar.
# shellcheck disable=SC2086
java $SERVER_OPTS -cp "$CLASSES:$JAR" io.echatreceiver.bench.http.LoadServer "$PORT" "$JDBC" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 150); do
  grep -q "listening" "$WORK/server.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
grep -q "listening.*durable" "$WORK/server.log" || { cat "$WORK/server.log"; exit 1; }

# shellcheck disable=SC2086
coproc STORE { exec java $STORE_OPTS -cp "$CLASSES:$JAR" \
  io.echatreceiver.bench.durable.StoreAlone "$JDBC" 2>"$WORK/store.log"; }
# Bash unsets STORE and STORE_PID once the coprocess ends; the cleanup needs them still.
STORE_JVM=$STORE_PID STORE_IN=${STORE[1]} STORE_OUT=${STORE[0]}
read -r -t 60 ready <&"$STORE_OUT" && [ "$ready" = ready ] \
  || { echo "StoreAlone did not start: ${ready:-}" >&2; cat "$WORK/store.log" >&2; exit 1; }

fixtures plain-body "$WORK/msgReply.xml"

# A process's user and system CPU time so far, in clock ticks: "USER SYSTEM".
proc_ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }

# The JIT compiler threads' user + system CPU time so far, in clock ticks: a step should find the
# code compiled, and this says whether it did. Fields counted after the thread's name, which has a
# space in it.
jit_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null \
    | awk '/\(C[12] CompilerThre/ { sub(/^.*\) /, ""); ticks += $12 + $13 } END { print ticks + 0 }'
}

# PostgreSQL's CPU time so far, in clock ticks, and the sessions open on other databases:
# "OURS ALL OTHERS". ALL is every live process of the server plus the postmaster's children that
# exited (a child's time moves there when it ends, so none is lost or counted twice). OURS leaves
# out another database's sessions: the live processes but those, without the children that
# exited, since this database's sessions (the pools') outlive every step.
pg_ticks() {
  local pid
  for pid in $POSTMASTER $(pgrep -P "$POSTMASTER"); do
    # Two lines per process, its stat and its title; a process gone meanwhile gives neither.
    { stat=$(cat "/proc/$pid/stat") && title=$(tr '\0' ' ' <"/proc/$pid/cmdline") \
      && printf '%s\n%s\n' "$stat" "$title"; } 2>/dev/null || true
  done | awk -v pm="$POSTMASTER" -v db="$DB" '
    NR % 2 == 1 { ticks = $14 + $15; all += ticks; if ($1 == pm) all += $16 + $17; next }
    { other = 0
      for (i = 2; i <= NF; i++) if ($i ~ /\([0-9]+\)$/ || $i == "[local]") { other = $(i - 1) != db; break }
      if (other) others++; else ours += ticks }
    END { print ours + 0, all + 0, others + 0 }'
}

# ticks "BEFORE" "AFTER", each "USER SYSTEM PG_OURS PG_ALL OTHERS"
#   -> the differences, and the most other sessions seen
ticks() {
  # shellcheck disable=SC2086
  set -- $1 $2
  echo "$(($6 - $1)) $(($7 - $2)) $(($8 - $3)) $(($9 - $4)) $(($5 > ${10} ? $5 : ${10}))"
}

sql() { psql -d "$DB" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

# The next transaction id, read without taking one: write transactions between two readings.
next_xid() { sql "SELECT pg_snapshot_xmax(pg_current_snapshot())"; }

# Each step starts from empty tables, and from a checkpoint, so that the server's timed
# checkpoint, and the writing out of the step before's rows, fall in no step.
reset_database() {
  sql "TRUNCATE echat_delivery, echat_push, echat_quarantine" >/dev/null
  sql "CHECKPOINT" >/dev/null 2>&1 || true
}

# http ENDPOINT C
#   -> "requests rps non2xx errors reused USER SYSTEM PG_OURS PG_ALL OTHERS stored transactions JIT"
http_step() {
  local endpoint=$1 connections=$2 first_msg_id before after stored xid jit
  fixtures queries "$WORK/queries.txt" "${POOL:-$((STEP_SECONDS * 60000))}"
  reset_database
  first_msg_id=$(($(date +%s%N) / 1000))
  xid=$(next_xid)
  jit=$(jit_ticks "$SERVER_PID")
  before="$(proc_ticks "$SERVER_PID") $(pg_ticks)"
  wrk -t1 -c"$connections" -d"${STEP_SECONDS}s" -s bench/wrk/push.lua \
    "http://127.0.0.1:$PORT/$endpoint" -- "$WORK/queries.txt" plain "$WORK/msgReply.xml" \
    "$first_msg_id" >"$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; exit 1; }
  after="$(proc_ticks "$SERVER_PID") $(pg_ticks)"
  jit=$(($(jit_ticks "$SERVER_PID") - jit))
  xid=$(($(next_xid) - xid))
  stored=$(sql "SELECT count(*) FROM echat_push")
  awk -v ticks="$(ticks "$before" "$after")" -v stored="$stored" -v xid="$xid" -v jit="$jit" '
    /Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    /Socket errors:/ { errors = $4 + $6 + $8 + $10 }
    /queries reused:/ { reused = $3 }
    / requests in / { requests = $1 }
    END { printf "%d %.0f %d %d %d %s %d %d %d\n", requests, rps, non2xx, errors, reused, ticks, stored, xid, jit }
  ' "$WORK/wrk.out"
}

# store C -> "pushes rate failed 0 0 USER SYSTEM PG_OURS PG_ALL OTHERS stored transactions JIT"
store_step() {
  local threads=$1 before after stored answer xid jit
  reset_database
  xid=$(next_xid)
  jit=$(jit_ticks "$STORE_JVM")
  before="$(proc_ticks "$STORE_JVM") $(pg_ticks)"
  echo "run $threads $STEP_SECONDS" >&"$STORE_IN"
  read -r -t $((STEP_SECONDS + 120)) answer <&"$STORE_OUT" \
    || { echo "StoreAlone did not answer" >&2; cat "$WORK/store.log" >&2; exit 1; }
  after="$(proc_ticks "$STORE_JVM") $(pg_ticks)"
  jit=$(($(jit_ticks "$STORE_JVM") - jit))
  xid=$(($(next_xid) - xid))
  stored=$(sql "SELECT count(*) FROM echat_push")
  # shellcheck disable=SC2086
  set -- $answer
  [ "$1" = done ] || { echo "StoreAlone: $answer" >&2; exit 1; }
  awk -v acks="$2" -v failed="$3" -v secs="$4" -v ticks="$(ticks "$before" "$after")" \
    -v stored="$stored" -v xid="$xid" -v jit="$jit" \
    'BEGIN { printf "%d %.0f %d 0 0 %s %d %d %d\n", acks, acks / secs, failed, ticks, stored, xid, jit }'
}

echo "## bench/durable/cpu.sh"
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "- java: $(java -version 2>&1 | head -1); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "- PostgreSQL: $(sql 'SELECT version()' | cut -d, -f1); postmaster $POSTMASTER;" \
  "synchronous_commit=$(sql 'SHOW synchronous_commit') fsync=$(sql 'SHOW fsync')"
echo "- receiver: $(git describe --always --dirty 2>/dev/null || echo unknown) ($CLASSES)"
echo "- ${DURATION} s per step, ${ROUNDS} round(s) after a warm-up round of ${WARMUP} s steps," \
  "wrk -t1; server: $SERVER_OPTS; store: $STORE_OPTS"
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The JIT compiles each path, and compiles again when the alternation between them changes the
# profiles it compiled for: one unmeasured round first, of longer steps.
echo "- warm-up: one unmeasured round"
STEP_SECONDS=$WARMUP
for connections in $CONNECTIONS; do
  http_step plain "$connections" >/dev/null
  http_step durable "$connections" >/dev/null
  store_step "$connections" >/dev/null
done

# Fields: round C step count rate non2xx errors reused user system pg_ours pg_all others stored
# transactions jit load
RESULTS="$WORK/results"
: >"$RESULTS"
STEP_SECONDS=$DURATION
echo
echo "round C step | count, per s, non-2xx, socket errors, reused | ticks: own user, own system," \
  "PostgreSQL (ours), PostgreSQL (all) | other sessions, stored rows, transactions | load"
for round in $(seq "$ROUNDS"); do
  for connections in $CONNECTIONS; do
    for step in inline durable store; do
      case $step in
        inline) line=$(http_step plain "$connections") ;;
        durable) line=$(http_step durable "$connections") ;;
        store) line=$(store_step "$connections") ;;
      esac
      echo "$round $connections $step $line $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
    done
  done
done
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per round and concurrency: CPU µs per push of each step, own (user, system) and PostgreSQL's.
awk -v hz="$HZ" '
  function us(ticks) { return $4 ? ticks * 1000000 / hz / $4 : 0 }
  { print $1, $2, $3, us($9), us($10), us($11), us($12), $5, $6 + $7 + $8, $13, $14 - $4, $17, $15 ? $4 / $15 : 0, us($16) }
' "$RESULTS" >"$WORK/us"

echo
echo "Per round: CPU µs per push, own (receiver or store JVM) + PostgreSQL (this database's" \
  "processes and the server's own); last column with every PostgreSQL process counted:"
echo
echo "| round | C | inline | durable | store | parts | whole / parts | counting all |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '
  { k = $1 " " $2; own[k, $3] = $4 + $5; pg[k, $3] = $6; all[k, $3] = $7
    if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, rc, " ")
      whole = own[k, "durable"] + pg[k, "durable"]
      parts = own[k, "inline"] + own[k, "store"] + pg[k, "store"]
      wholeAll = own[k, "durable"] + all[k, "durable"]
      partsAll = own[k, "inline"] + own[k, "store"] + all[k, "store"]
      printf "| %s | %s | %.1f | %.1f + %.1f = %.1f | %.1f + %.1f = %.1f | %.1f | %.2f | %.2f |\n",
        rc[1], rc[2], own[k, "inline"], own[k, "durable"], pg[k, "durable"], whole,
        own[k, "store"], pg[k, "store"], own[k, "store"] + pg[k, "store"], parts,
        whole / parts, wholeAll / partsAll
    }
  }' "$WORK/us"

echo
echo "Medians over the rounds, ratio with its range; pushes/s; own system CPU µs; checks:"
echo
echo "| C | inline µs | durable µs (receiver + PostgreSQL) | store µs (JVM + PostgreSQL) |" \
  "parts µs | whole / parts | counting all | pushes/s inline, durable, store |" \
  "system µs inline, durable, store | pushes per transaction durable, store |" \
  "PostgreSQL µs during inline | JIT µs inline, durable, store | refused, errors, reused |" \
  "rows - acks | other sessions | load (1 min) |"
echo "|---:|---:|---:|---:|---:|---|---|---|---|---|---:|---|---:|---|---:|---|"
awk '
  function median(arr, c, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = arr[c, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2 }
  function range(arr, c, count,   i, lo, hi) {
    for (i = 1; i <= count; i++) { lo = (i == 1 || arr[c, i] < lo) ? arr[c, i] : lo; hi = (i == 1 || arr[c, i] > hi) ? arr[c, i] : hi }
    return sprintf("%.2f to %.2f", lo, hi) }
  {
    r = $1; c = $2; s = $3
    if (!(c in seenC)) { seenC[c] = 1; order[++nc] = c }
    if (!((r, c) in seenRC)) { seenRC[r, c] = 1; m = ++rounds[c]; roundOf[c, m] = r }
    own[r, c, s] = $4 + $5; sys[r, c, s] = $5; pg[r, c, s] = $6; all[r, c, s] = $7; rate[r, c, s] = $8; ppt[r, c, s] = $13; jit[r, c, s] = $14
    bad[c] += $9; others[c] = $10 > others[c] ? $10 : others[c]
    # wrk counts no answer still out when it stops: up to C more rows than requests counted.
    if (s == "durable" && ($11 < 0 || $11 > c) || s == "store" && $11 != 0) off[c] = off[c] " " s "@" r ":" $11
    load[c] = load[c] (load[c] == "" ? "" : " ") $12
  }
  END {
    for (i = 1; i <= nc; i++) {
      c = order[i]; m = rounds[c]
      for (j = 1; j <= m; j++) {
        r = roundOf[c, j]
        inl[c, j] = own[r, c, "inline"]; dOwn[c, j] = own[r, c, "durable"]; dPg[c, j] = pg[r, c, "durable"]
        sOwn[c, j] = own[r, c, "store"]; sPg[c, j] = pg[r, c, "store"]
        whole[c, j] = dOwn[c, j] + dPg[c, j]; st[c, j] = sOwn[c, j] + sPg[c, j]
        parts[c, j] = inl[c, j] + st[c, j]; ratio[c, j] = whole[c, j] / parts[c, j]
        ratioAll[c, j] = (dOwn[c, j] + all[r, c, "durable"]) / (inl[c, j] + sOwn[c, j] + all[r, c, "store"])
        noise[c, j] = all[r, c, "inline"]
        ri[c, j] = rate[r, c, "inline"]; rd[c, j] = rate[r, c, "durable"]; rs[c, j] = rate[r, c, "store"]
        yi[c, j] = sys[r, c, "inline"]; yd[c, j] = sys[r, c, "durable"]; ys[c, j] = sys[r, c, "store"]
        pd[c, j] = ppt[r, c, "durable"]; ps[c, j] = ppt[r, c, "store"]
        ji[c, j] = jit[r, c, "inline"]; jd[c, j] = jit[r, c, "durable"]; js[c, j] = jit[r, c, "store"]
      }
      printf "| %s | %.1f | %.1f (%.1f + %.1f) | %.1f (%.1f + %.1f) | %.1f | **%.2f** (%s) | %.2f (%s) | %.0f, %.0f, %.0f | %.1f, %.1f, %.1f | %.1f, %.1f | %.1f | %.1f, %.1f, %.1f | %d | %s | %d | %s |\n", c,
        median(inl, c, m), median(whole, c, m), median(dOwn, c, m), median(dPg, c, m),
        median(st, c, m), median(sOwn, c, m), median(sPg, c, m), median(parts, c, m),
        median(ratio, c, m), range(ratio, c, m), median(ratioAll, c, m), range(ratioAll, c, m),
        median(ri, c, m), median(rd, c, m), median(rs, c, m),
        median(yi, c, m), median(yd, c, m), median(ys, c, m), median(pd, c, m), median(ps, c, m),
        median(noise, c, m), median(ji, c, m), median(jd, c, m), median(js, c, m), bad[c], (off[c] == "" ? "as expected" : "off:" off[c]), others[c], load[c]
    }
  }' "$WORK/us"
