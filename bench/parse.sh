#!/usr/bin/env bash
# Parsing the spec's 1 KB msgReply push: the receiver's parser beside a bare Woodstox walk into a
# HashMap, XStream as WxJava sets it up, the JDK's DOM and Jackson XML; time and allocation per
# push (JMH, -prof gc). Extra arguments go to JMH, e.g. bench/parse.sh -wi 5 -i 10.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build $JAR first (see BENCHMARKS.md)" >&2; exit 1; }
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# RECEIVER_CLASSES=/path/to/other/target/classes measures another build of the receiver.
java -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" org.openjdk.jmh.Main ParseBenchmark -prof gc -f 1 -wi 3 -w 3s -i 5 -r 3s -t 1 "$@" \
  | grep -E '^(Benchmark|ParseBenchmark)' | grep -Ev 'gc\.(count|time|alloc\.rate) '
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# The same ratio from alternating rounds in one JVM (ParseRatio): steadier on a shared machine.
if [ -z "${SKIP_RATIO:-}" ]; then
  java -Xms1g -Xmx1g -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" io.echatreceiver.bench.parse.ParseRatio
  echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
