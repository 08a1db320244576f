-- The member inbox of MemberInboxHandler, for MariaDB 10.6+ and MySQL 8: one row per staff message to a visitor, so
-- that the company's site can show "you have N unread messages". Run it yourself, or set
-- handler.NAME.createTable=true. Times are epoch milliseconds.
CREATE TABLE echat_member_inbox (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  idempotency_key VARCHAR(255)  NOT NULL,
  company         VARCHAR(64)   NOT NULL,
  uid             VARCHAR(128)  NOT NULL,
  visitor_type    INT           NOT NULL,
  msg_id          BIGINT        NOT NULL,
  push_type       VARCHAR(160)  NOT NULL,
  staff_nick_name VARCHAR(255),
  content         MEDIUMTEXT,
  view_url        VARCHAR(2000),
  sent_at         BIGINT        NOT NULL,
  created_at      BIGINT        NOT NULL,
  is_read         BOOLEAN       NOT NULL,
  read_at         BIGINT,
  CONSTRAINT echat_member_inbox_key UNIQUE (idempotency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX echat_member_inbox_member ON echat_member_inbox (company, uid, is_read);
