#!/usr/bin/env bash
# Durable acknowledgement against pgbench, on the same PostgreSQL at the same concurrency, in one
# run: BENCHMARKS.md section 3. From the repository root, after
#   mvn -q install -DskipTests && mvn -q -f bench/pom.xml package
# run
#   bench/durable/run.sh
# Environment (all optional):
#   PGHOST PGPORT PGUSER   the PostgreSQL server (127.0.0.1, 5432, postgres; trust or ~/.pgpass)
#   BENCH_DB               the database it creates and fills (echat_bench); nothing else is touched
#   CONCURRENCY            the concurrencies ("1 8 32"); keep them below max_connections
#   STEP_SECONDS           the measured seconds of each step (15)
#   RECEIVER_CLASSES       the receiver's classes to measure (target/classes), e.g. an older build
#   H2=off                 leaves out embedded H2
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db=${BENCH_DB:-echat_bench}
concurrency=${CONCURRENCY:-1 8 32}
seconds=${STEP_SECONDS:-15}
classes=${RECEIVER_CLASSES:-$root/target/classes}
jar=$root/bench/target/benchmarks.jar
jdbc="jdbc:postgresql://$PGHOST:$PGPORT/$db?user=$PGUSER"

for file in "$jar" "$classes"; do
  [ -e "$file" ] || { echo "Missing $file: build first (see the top of $0)" >&2; exit 2; }
done

# The receiver's classes given come before the copy shaded into the jar.
bench() {
  java -Xms512m -Xmx2g ${JAVA_OPTS:-} -cp "$classes:$jar" \
    io.echatreceiver.bench.durable.DurableAckBench --seconds "$seconds" \
    --concurrency "${concurrency// /,}" "$@"
}

show() {
  psql -d "$db" -Atc "SHOW $1"
}

psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || createdb "$db"

echo "## Machine"
echo "- cores: $(nproc); memory: $(free -g | awk '/^Mem/ { print $2 }') GiB"
echo "- JDK: $(java -version 2>&1 | head -1)"
echo "- PostgreSQL: $(psql -d "$db" -Atc 'SELECT version()' | cut -d, -f1)"
echo "- synchronous_commit=$(show synchronous_commit) fsync=$(show fsync)" \
  "wal_sync_method=$(show wal_sync_method) commit_delay=$(show commit_delay)" \
  "max_connections=$(show max_connections)"
echo "- receiver: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" \
  "($classes)"
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- steps: ${seconds} s measured each, one after another: pgbench, then ours"
echo
bench --jdbc-url "$jdbc" \
  --baseline "pgbench insert=$here/pgbench.sh \$C pgbench-insert.sql $seconds $db" \
  --baseline "pgbench push+delivery=$here/pgbench.sh \$C pgbench-push-and-delivery.sql $seconds $db"
echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${H2:-on}" != off ]; then
  h2=$(mktemp -d)
  trap 'rm -rf "$h2"' EXIT
  echo
  echo "Embedded H2, a file in $h2:"
  echo
  # Open for the whole run: reopening the file after a step's writes failed with H2 2.3.232's
  # "MVStoreException: Double mark" (h2database/h2database#2752).
  bench --jdbc-url "jdbc:h2:file:$h2/inbox;DB_CLOSE_DELAY=-1"
  echo
  echo "- load average after H2: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
