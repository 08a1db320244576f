package io.echatreceiver.admin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the console, and the session cookie that remembers it.
 *
 * <p>The session is a signed cookie rather than the container's {@code HttpSession}: the
 * container's session cookie is shared with the whole application, scoped to its context path,
 * and its flags (SameSite in particular) can only be set for the whole context before it starts,
 * which a servlet cannot do from {@code init}. A cookie of the console's own is HttpOnly,
 * SameSite=Strict and scoped to the admin servlet's path, needs no server state, and holds on
 * every node of a cluster: its key is derived from {@code adminSecret}, so changing the secret
 * also ends every session. With only {@code adminRole} the key is random per start; the cookie
 * then only carries the CSRF token of a user the container has signed in.
 *
 * <p>The cookie is {@code v1.ID.EXPIRES.MAC}: a random session id, the expiry in epoch seconds,
 * and an HMAC-SHA256 over them and the subject ({@code secret} after the login form, {@code
 * role:USER} for a container user), so that a role user's cookie serves no other user.
 */
final class ConsoleAccess {

  static final String COOKIE = "echat_console";
  static final Duration LIFETIME = Duration.ofHours(8);
  private static final String SECRET_SUBJECT = "secret";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  /** A signed-in console user; {@code id} is random per sign-in. */
  record Session(String id, long expires, String subject, boolean bySecret) {}

  private final AdminSettings settings;
  private final byte[] key;
  private final Clock clock;

  ConsoleAccess(AdminSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.key = settings.secret()
        .map(secret -> hmac(secret, "echat-console-session-key"))
        .orElseGet(() -> {
          byte[] random = new byte[32];
          RANDOM.nextBytes(random);
          return random;
        });
  }

  /** Whether the given text is the admin secret; constant time. */
  boolean isSecret(String given) {
    return settings.secret().isPresent() && given != null
        && MessageDigest.isEqual(settings.secret().get(), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the container signed in a user with the admin role. */
  boolean inRole(HttpServletRequest request) {
    return settings.role().isPresent() && request.getRemoteUser() != null
        && request.isUserInRole(settings.role().get());
  }

  /**
   * The session of this request: from a valid cookie, or, for a user in the admin role who has
   * none yet, a new one (to be sent with {@link #cookie}).
   */
  Optional<Session> session(HttpServletRequest request) {
    Optional<String> cookie = cookieValue(request, COOKIE);
    if (inRole(request)) {
      String subject = "role:" + request.getRemoteUser();
      return Optional.of(cookie.flatMap(value -> verify(value, subject, false))
          .orElseGet(() -> newSession(subject, false)));
    }
    if (settings.secret().isPresent()) {
      return cookie.flatMap(value -> verify(value, SECRET_SUBJECT, true));
    }
    return Optional.empty();
  }

  /** A new session after the login form took the secret. */
  Session signIn() {
    return newSession(SECRET_SUBJECT, true);
  }

  /** The cookie that carries a session, for the console's path only. */
  Cookie cookie(Session session, HttpServletRequest request) {
    String payload = "v1." + session.id() + "." + session.expires();
    return scoped(COOKIE, payload + "." + BASE64.encodeToString(
        hmac(key, payload + "." + session.subject())), request, -1);
  }

  /** A cookie that removes the session cookie. */
  Cookie signOut(HttpServletRequest request) {
    return scoped(COOKIE, "", request, 0);
  }

  /** The session's token for its forms: the synchronizer token of every POST. */
  String csrfToken(Session session) {
    return BASE64.encodeToString(hmac(key, "csrf." + session.id()));
  }

  /** Whether a form carried the session's token; constant time. */
  boolean csrfTokenMatches(Session session, String given) {
    return given != null && MessageDigest.isEqual(
        csrfToken(session).getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether a POST may come from a page of another site: its Origin, or else its Referer, when
   * the browser sent one, must name the host the request was sent to. Browsers send Origin with
   * every cross-site POST; the token is checked besides. A reverse proxy in front must pass the
   * browser's Host header on, as the comparison is with it.
   */
  static boolean fromAnotherSite(HttpServletRequest request) {
    String host = request.getHeader("Host");
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return !sameHost(origin, host);
    }
    String referer = request.getHeader("Referer");
    return referer != null && !sameHost(referer, host);
  }

  /** A cookie scoped to the admin servlet's path, HttpOnly, SameSite=Strict. */
  static Cookie scoped(String name, String value, HttpServletRequest request, int maxAge) {
    Cookie cookie = new Cookie(name, value);
    cookie.setPath(request.getContextPath() + request.getServletPath());
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    cookie.setAttribute("SameSite", "Strict");
    cookie.setMaxAge(maxAge);
    return cookie;
  }

  static Optional<String> cookieValue(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name) && !cookie.getValue().isEmpty()) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  private Session newSession(String subject, boolean bySecret) {
    byte[] id = new byte[18];
    RANDOM.nextBytes(id);
    return new Session(BASE64.encodeToString(id),
        clock.instant().plus(LIFETIME).getEpochSecond(), subject, bySecret);
  }

  private Optional<Session> verify(String value, String subject, boolean bySecret) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) {
      return Optional.empty();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    byte[] expected = BASE64.encode(hmac(key, payload + "." + subject));
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (expires <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(new Session(parts[1], expires, subject, bySecret));
  }

  private static boolean sameHost(String url, String host) {
    if (host == null) {
      return false;
    }
    try {
      String authority = new URI(url).getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(host);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
