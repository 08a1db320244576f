#!/usr/bin/env bash
# The replay memory and dedupe per push, the receiver's fingerprints against Caffeine (JMH, -prof
# gc), then how soon a flood of fresh pushes makes each forget a push (FloodCheck). The memories
# run in alternating short JMH runs, ROUNDS of each, so that a busy machine's changing load falls
# on all of them alike; compare them round by round.
#   THREADS=4 BODY=0 ROUNDS=5 bench/fingerprints.sh     # OUT=dir keeps JMH's JSON per run
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build $JAR first (see BENCHMARKS.md)" >&2; exit 1; }
THREADS=${THREADS:-1}
BODY=${BODY:-0}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$(mktemp -d)}
for round in $(seq 1 "$ROUNDS"); do
  for memory in fingerprints caffeineLong caffeineObjects; do
    echo "# round $round, $memory, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" org.openjdk.jmh.Main \
      FingerprintBenchmark -p memory="$memory" -p bodyLength="$BODY" -prof gc \
      -f 1 -wi 2 -w 2s -i 3 -r 2s -t "$THREADS" -rf json -rff "$OUT/r$round-$memory.json" \
      | grep -E '^FingerprintBenchmark' | grep -E 'push +|alloc\.rate\.norm|gc\.time'
  done
done
echo "# JMH's JSON per run: $OUT"
if [ -z "${SKIP_FLOOD:-}" ]; then
  java -Xms1g -Xmx1g -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" \
    io.echatreceiver.bench.fingerprint.FloodCheck
fi
