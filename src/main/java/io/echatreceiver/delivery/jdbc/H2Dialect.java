package io.echatreceiver.delivery.jdbc;

/** H2 2.x, embedded or server. */
final class H2Dialect extends GeneratedKeyDialect {

  @Override
  public String name() {
    return "H2";
  }

  @Override
  public String key() {
    return "h2";
  }

  /**
   * H2 has no INSERT that skips a taken key; the standard MERGE inserts only what it does not find.
   * The casts name no length, so that a value too long for its column fails on the column instead
   * of being cut short by the cast.
   */
  @Override
  String insertPush() {
    return "MERGE INTO echat_push p USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
        + "CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS BIGINT), "
        + "CAST(? AS BIGINT), CAST(? AS VARBINARY), CAST(? AS VARBINARY))) AS i("
        + PushRows.PUSH_COLUMNS
        + ") ON p.company = i.company AND p.data_type = i.data_type "
        + "AND p.msg_type = i.msg_type AND p.msg_id = i.msg_id WHEN NOT MATCHED THEN INSERT ("
        + PushRows.PUSH_COLUMNS
        + ") VALUES (i.company, i.data_type, i.msg_type, i.msg_id, "
        + "i.account, i.tm, i.received_at, i.body, i.document)";
  }
}
