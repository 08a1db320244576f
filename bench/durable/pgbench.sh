#!/usr/bin/env bash
# One pgbench baseline step: fresh tables from the receiver's DDL and the sample push, then
#   pgbench -n -c C -j min(C,2) -T SECONDS -f SCRIPT
# Prints pgbench's tps (without connection time) as its last line. run.sh calls it before each
# step of the receiver's benchmark: pgbench.sh C SCRIPT SECONDS DB
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
clients=$1 script=$2 seconds=$3 db=$4
sample=$root/src/main/resources/io/echatreceiver/testkit/msgReply.xml
schema=$root/src/main/resources/io/echatreceiver/delivery/jdbc/schema-postgresql.sql

psql -q -d "$db" -v ON_ERROR_STOP=1 -c \
  "DROP TABLE IF EXISTS echat_delivery, echat_push, echat_quarantine, echat_bench_sample" \
  >/dev/null
psql -q -d "$db" -v ON_ERROR_STOP=1 -f "$schema" >/dev/null
psql -q -d "$db" -v ON_ERROR_STOP=1 -v content="$(cat "$sample")" >/dev/null <<'SQL'
CREATE TABLE echat_bench_sample (body BYTEA NOT NULL);
INSERT INTO echat_bench_sample VALUES (convert_to(:'content', 'UTF8'));
SQL
pgbench -n -c "$clients" -j $((clients < 2 ? clients : 2)) -T "$seconds" -f "$here/$script" \
  "$db" 2>/dev/null | awk '/^tps/ { printf "%.1f\n", $3 }'
