#!/usr/bin/env bash
# Parsing the spec's 1 KB msgReply push: the receiver's parser beside a bare Woodstox walk into a
# HashMap, XStream as WxJava sets it up, the JDK's DOM and Jackson XML; time and allocation per
# push (JMH, -prof gc). Extra arguments go to JMH, e.g. bench/parse.sh -wi 5 -i 10.
#   SKIP_JMH=1 RATIO_RUNS=7 bench/parse.sh    # the ratio to the walk only, in 7 JVMs
#   SKIP_RATIO=1 bench/parse.sh               # the JMH table only
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build $JAR first (see BENCHMARKS.md)" >&2; exit 1; }
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# RECEIVER_CLASSES=/path/to/other/target/classes measures another build of the receiver.
if [ -z "${SKIP_JMH:-}" ]; then
  java -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" org.openjdk.jmh.Main ParseBenchmark -prof gc -f 1 -wi 3 -w 3s -i 5 -r 3s -t 1 "$@" \
    | grep -E '^(Benchmark|ParseBenchmark)' | grep -Ev 'gc\.(count|time|alloc\.rate) '
  echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
# The same ratio from alternating rounds in one JVM (ParseRatio): steadier on a shared machine.
# One JVM's ratio still depends on what its JIT made of the code, by more than most changes
# measured move it, so it runs in RATIO_RUNS JVMs (5) and the gate takes their median.
if [ -z "${SKIP_RATIO:-}" ]; then
  ratios=()
  for run in $(seq "${RATIO_RUNS:-5}"); do
    out=$(java -Xms1g -Xmx1g -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" \
      io.echatreceiver.bench.parse.ParseRatio "${RATIO_ROUNDS:-30}")
    echo "$out" | sed "s/^/# run $run: /"
    ratios+=("$(echo "$out" | awk '/vs walk, CPU time/ { print $(NF - 4) }')")
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 }
    END { printf "receiver throughput vs walk, CPU time, median of %d JVMs: %.3f (%.3f to %.3f)\n",
      NR, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR] }'
  echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
