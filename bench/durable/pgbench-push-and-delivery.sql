-- What JdbcInbox.store does for a push with one handler, one push per transaction: the push row
-- and its delivery row. For comparison beside pgbench-insert.sql; run.sh prints both.
\set msg_id random(1, 9000000000000000000)
BEGIN;
INSERT INTO echat_push (company, data_type, msg_type, msg_id, account, tm, received_at, body, document)
  SELECT 'pgbench', 'staffPush', 'msgReply', :msg_id, 'default', 1700000000000, 1700000000000, body, body
  FROM echat_bench_sample
  RETURNING id AS push_id \gset
INSERT INTO echat_delivery (push_id, handler, status, attempts, next_attempt_at, version, created_at, updated_at)
  VALUES (:push_id, 'noop', 'PENDING', 0, 1700000000000, 0, 1700000000000, 1700000000000);
COMMIT;
