package io.echatreceiver.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Lets Echat's requests through Spring Security: Echat signs its requests, it cannot log in or send
 * a CSRF token. A filter chain of its own, for {@code echat.path} only and ahead of the
 * application's, permits them and turns CSRF off there; every other path keeps the application's
 * chain.
 *
 * <p>It is configured after Boot's security, so that an application without a chain of its own
 * keeps Boot's default chain: Boot backs that off as soon as any chain is a bean.
 */
// Boot 3's names, then Boot 4's.
@AutoConfiguration(
    after = EchatAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.security.servlet."
          + "ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet."
          + "ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
          + "ManagementWebSecurityAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean({HttpSecurity.class, EchatProperties.class})
public class EchatSecurityAutoConfiguration {

  /**
   * The chain for {@code echat.path}: every request permitted, no CSRF, no session. The receiver's
   * signature check is its authentication.
   *
   * @throws Exception as {@link HttpSecurity#build()} may
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 10)
  @ConditionalOnMissingBean(name = "echatSecurityFilterChain")
  public SecurityFilterChain echatSecurityFilterChain(HttpSecurity http, EchatProperties properties)
      throws Exception {
    return http.securityMatcher(
            PathPatternRequestMatcher.withDefaults().matcher(properties.getPath()))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable())
        .sessionManagement(session -> session.disable())
        .build();
  }
}
