package io.echatreceiver.spring.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the test PostgreSQL answers. Where it does not, the class is skipped
 * with the reason printed; but under {@code CI=true} it fails, so that CI never passes without
 * having run it.
 */
final class PostgresAnswers implements ExecutionCondition {

  static final String URL =
      System.getProperty("echat.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("echat.test.postgres.user", "postgres");

  static Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(URL, properties);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    try (Connection connection = connect()) {
      return ConditionEvaluationResult.enabled("PostgreSQL at " + URL + " answers");
    } catch (SQLException e) {
      String reason =
          "PostgreSQL at " + URL + " (user " + USER + ") does not answer: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            reason + "; with CI=true " + context.getDisplayName() + " fails rather than skips", e);
      }
      String skipped =
          reason
              + "; "
              + context.getDisplayName()
              + " is skipped (with CI=true it "
              + "would fail). Start PostgreSQL, or point -Dechat.test.postgres.url at one.";
      System.out.println(skipped);
      return ConditionEvaluationResult.disabled(skipped);
    }
  }
}
