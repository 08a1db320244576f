package io.echatreceiver.delivery.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A real database whose statements of one kind fail a given number of times: preparing a statement
 * whose SQL starts with the given text throws the given fault, until none are left.
 */
final class FaultyStatements {

  private final AtomicInteger faultsLeft;
  private final String sqlStart;
  private final Supplier<? extends Throwable> fault;

  private FaultyStatements(int faults, String sqlStart, Supplier<? extends Throwable> fault) {
    this.faultsLeft = new AtomicInteger(faults);
    this.sqlStart = sqlStart;
    this.fault = fault;
  }

  /** Fails the next {@code faults} statements starting with {@code sqlStart}. */
  static FaultyStatements failing(
      int faults, String sqlStart, Supplier<? extends Throwable> fault) {
    return new FaultyStatements(faults, sqlStart, fault);
  }

  /** How many faults are still to be thrown. */
  int faultsLeft() {
    return faultsLeft.get();
  }

  /** The data source's connections, with these faults. */
  DataSource in(DataSource dataSource) {
    return proxy(
        DataSource.class,
        dataSource,
        (method, args) -> {
          if (method.getName().equals("getConnection")) {
            return proxy(
                Connection.class,
                (Connection) invoke(dataSource, method, args),
                (connectionMethod, connectionArgs) -> {
                  if (connectionMethod.getName().equals("prepareStatement")
                      && ((String) connectionArgs[0]).startsWith(sqlStart)
                      && faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw fault.get();
                  }
                  return null;
                });
          }
          return null;
        });
  }

  /** What a proxy does before its target: throw, or return null to pass the call on. */
  private interface Before {
    Object call(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object instead = before.call(method, args);
              return instead != null ? instead : invoke(target, method, args);
            }));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
