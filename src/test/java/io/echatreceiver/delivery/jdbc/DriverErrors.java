package io.echatreceiver.delivery.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A real database that notes every error its driver raises: an error raised is one the server logs
 * (PostgreSQL) or the driver logs (MariaDB's WARN for every error packet).
 */
final class DriverErrors {

  private static final Set<Class<?>> WRAPPED =
      Set.of(Connection.class, Statement.class, PreparedStatement.class, ResultSet.class);

  final List<SQLException> raised = new CopyOnWriteArrayList<>();

  /** The data source's connections, and what they create, noting the errors raised. */
  DataSource in(DataSource dataSource) {
    return wrap(DataSource.class, dataSource);
  }

  private <T> T wrap(Class<T> type, T target) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                  raised.add(sql);
                }
                throw e.getCause();
              }
              Class<?> returned = method.getReturnType();
              if (result != null && WRAPPED.contains(returned)) {
                return wrapAs(returned, result);
              }
              return result;
            }));
  }

  @SuppressWarnings("unchecked")
  private <T> Object wrapAs(Class<T> type, Object target) {
    return wrap(type, (T) target);
  }
}
