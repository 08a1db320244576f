package org.springframework.boot.actuate.health;

import java.util.Map;

/** Signatures of Spring Boot 3.5's type, for the -Pboot4 compile only (see src/boot3-api). */
public final class Health {

  private Health() {}

  public static Builder status(String statusCode) {
    throw new UnsupportedOperationException();
  }

  /** Signatures of Spring Boot 3.5's type. */
  public static class Builder {

    public Builder withException(Throwable ex) {
      throw new UnsupportedOperationException();
    }

    public Builder withDetails(Map<String, ?> details) {
      throw new UnsupportedOperationException();
    }

    public Health build() {
      throw new UnsupportedOperationException();
    }
  }
}
