-- One single-row INSERT per transaction (autocommit), into the receiver's own push table, with
-- the sample push as body and document: the same row, constraints and indexes as JdbcInbox.store
-- writes. run.sh creates echat_bench_sample with the sample XML before running it.
\set msg_id random(1, 9000000000000000000)
INSERT INTO echat_push (company, data_type, msg_type, msg_id, account, tm, received_at, body, document)
  SELECT 'pgbench', 'staffPush', 'msgReply', :msg_id, 'default', 1700000000000, 1700000000000, body, body
  FROM echat_bench_sample;
