-- The Echat receiver's durable inbox, for MariaDB 10.6+ and MySQL 8.
-- Run it yourself, or set the init-param createTables=true to let the receiver create what is missing;
-- it creates only what does not exist, so running it again, or from several nodes at once, is safe.
-- Times are epoch milliseconds (BIGINT), so that no database or JVM time zone can shift them.

-- One row per push, as received and as decrypted; the unique key is what makes a re-send of Echat
-- a duplicate, across every node on this database.
CREATE TABLE IF NOT EXISTS echat_push (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  company       VARCHAR(64)  NOT NULL,
  data_type     VARCHAR(64)  NOT NULL,
  msg_type      VARCHAR(64)  NOT NULL,
  msg_id        BIGINT       NOT NULL,
  account       VARCHAR(64)  NOT NULL,
  tm            BIGINT       NOT NULL,
  received_at   BIGINT       NOT NULL,
  body          LONGBLOB NOT NULL,
  document      LONGBLOB NOT NULL,
  CONSTRAINT echat_push_identity UNIQUE (company, data_type, msg_type, msg_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per push and handler: each handler's delivery has its own status and attempts.
-- status: PENDING (due at next_attempt_at; claimed while lease_until lies ahead), DELIVERED, DEAD.
-- version changes with every write; a write that names an old version changes nothing.
CREATE TABLE IF NOT EXISTS echat_delivery (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  push_id         BIGINT       NOT NULL,
  handler         VARCHAR(64)  NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  attempts        INT          NOT NULL,
  next_attempt_at BIGINT       NOT NULL,
  lease_owner     VARCHAR(128),
  lease_until     BIGINT,
  version         BIGINT       NOT NULL,
  last_error      VARCHAR(2000),
  created_at      BIGINT       NOT NULL,
  updated_at      BIGINT       NOT NULL,
  CONSTRAINT echat_delivery_handler UNIQUE (push_id, handler),
  CONSTRAINT echat_delivery_push FOREIGN KEY (push_id) REFERENCES echat_push (id),
  -- In the table, not CREATE INDEX: MySQL 8 has no CREATE INDEX IF NOT EXISTS.
  INDEX echat_delivery_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Pushes that were signed correctly but could not be read, kept for an operator.
CREATE TABLE IF NOT EXISTS echat_quarantine (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  account       VARCHAR(64)   NOT NULL,
  push_type     VARCHAR(160)  NOT NULL,
  reason        VARCHAR(2000) NOT NULL,
  body          LONGBLOB NOT NULL,
  received_at   BIGINT        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
