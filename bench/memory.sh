#!/usr/bin/env bash
# Memory: a 100 MB body (Content-Length, then chunked) at the receiver in a -Xmx64m JVM, and the
# heap after a full GC every tenth of 100 000 pushes with the nonce and dedupe stores bounded.
#
#   bench/memory.sh                          # PUSHES=100000 CAPACITY=10000
#   PUSHES=200000 CAPACITY=100000 HEAP=-Xmx256m bench/memory.sh steady-heap
#   RECEIVER_CLASSES=/path/to/other/target/classes bench/memory.sh   # another build of the receiver
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
HEAP=${HEAP:--Xmx64m}
PUSHES=${PUSHES:-100000}
CAPACITY=${CAPACITY:-10000}
WHAT=${1:-all}
[ -f "$JAR" ] || { echo "build $JAR first (see BENCHMARKS.md)" >&2; exit 1; }
check() { java "$HEAP" -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/dev/null \
  -cp "${RECEIVER_CLASSES:+$RECEIVER_CLASSES:}$JAR" io.echatreceiver.bench.memory.MemoryCheck "$@"; }
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$WHAT" = all ] || [ "$WHAT" = large-body ]; then check large-body; fi
if [ "$WHAT" = all ] || [ "$WHAT" = steady-heap ]; then check steady-heap "$PUSHES" "$CAPACITY"; fi
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
