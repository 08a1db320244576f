package io.echatreceiver.config;

import java.util.Map;
import java.util.Optional;

/**
 * The configured accounts, chosen per request by the {@code companyId} query parameter that a
 * company may append to the URL it configures in Echat.
 */
public final class Accounts {

  private final Optional<Account> fallback;
  private final Map<String, Account> byCompany;

  Accounts(Optional<Account> fallback, Map<String, Account> byCompany) {
    this.fallback = fallback;
    this.byCompany = Map.copyOf(byCompany);
  }

  /**
   * The account for a request: the {@code company.ID} block its {@code companyId} names, else the
   * default account.
   *
   * @param companyId the request's {@code companyId} query parameter, if any
   * @return the account, or empty if there is neither such a block nor a default account
   */
  public Optional<Account> select(Optional<String> companyId) {
    Account named = companyId.map(byCompany::get).orElse(null);
    return named != null ? Optional.of(named) : fallback;
  }
}
