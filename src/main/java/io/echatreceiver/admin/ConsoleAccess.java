package io.echatreceiver.admin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the console, and the sessions that remember it.
 *
 * <p>The session is the console's own rather than the container's {@code HttpSession}: the
 * container's session cookie is shared with the whole application, scoped to its context path, and
 * its flags (SameSite in particular) can only be set for the whole context before it starts, which
 * a servlet cannot do from {@code init}. The console's cookie is HttpOnly, SameSite=Strict, scoped
 * to the admin servlet's path, and holds only a random session id. The sessions live in this node's
 * memory, at most {@link #MAX_SESSIONS} (the least recently used one is dropped first), so that
 * signing out ends a session for good; one ends after {@link #LIFETIME}, or earlier when unused for
 * the idle timeout, and a restart ends them all.
 *
 * <p>A session is bound to its subject: {@code secret} after the login form, {@code role:USER} for
 * a user the container signed in, so that a role user's cookie serves no other user.
 */
final class ConsoleAccess {

  static final String COOKIE = "echat_console";
  static final Duration LIFETIME = Duration.ofHours(8);
  static final int MAX_SESSIONS = 1000;
  private static final String SECRET_SUBJECT = "secret";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  /**
   * A signed-in console user.
   *
   * @param id random per sign-in, the cookie's value
   * @param csrfToken random per sign-in, the synchronizer token of every form
   */
  record Session(String id, String csrfToken, String subject, boolean bySecret, Instant expires) {}

  /** A session and when it was last used. Guarded by the sessions' lock. */
  private static final class Entry {
    final Session session;
    Instant lastUsed;

    Entry(Session session, Instant lastUsed) {
      this.session = session;
      this.lastUsed = lastUsed;
    }
  }

  private final AdminSettings settings;
  private final Clock clock;
  private final Map<String, Entry> sessions =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX_SESSIONS;
        }
      };

  ConsoleAccess(AdminSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Whether the given text is the admin secret; constant time. */
  boolean isSecret(String given) {
    return settings.secret().isPresent()
        && given != null
        && MessageDigest.isEqual(settings.secret().get(), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the container signed in a user with the admin role. */
  boolean inRole(HttpServletRequest request) {
    return settings.role().isPresent()
        && request.getRemoteUser() != null
        && request.isUserInRole(settings.role().get());
  }

  /**
   * The session of this request: from a cookie naming a live session of this subject, or, for a
   * user in the admin role who has none yet, a new one (to be sent with {@link #cookie}).
   */
  Optional<Session> session(HttpServletRequest request) {
    Optional<String> cookie = cookieValue(request, COOKIE);
    if (inRole(request)) {
      String subject = "role:" + request.getRemoteUser();
      return Optional.of(
          cookie.flatMap(id -> live(id, subject)).orElseGet(() -> newSession(subject, false)));
    }
    if (settings.secret().isPresent()) {
      return cookie.flatMap(id -> live(id, SECRET_SUBJECT));
    }
    return Optional.empty();
  }

  /** A new session after the login form took the secret. */
  Session signIn() {
    return newSession(SECRET_SUBJECT, true);
  }

  /** Ends a session: its cookie names nothing from now on. */
  void signOut(Session session) {
    synchronized (sessions) {
      sessions.remove(session.id());
    }
  }

  /** The cookie that carries a session, for the console's path only. */
  Cookie cookie(Session session, HttpServletRequest request) {
    return scoped(COOKIE, session.id(), request, -1);
  }

  /** A cookie that removes the session cookie. */
  Cookie removal(HttpServletRequest request) {
    return scoped(COOKIE, "", request, 0);
  }

  /** Whether a form carried the session's token; constant time. */
  boolean csrfTokenMatches(Session session, String given) {
    return given != null
        && MessageDigest.isEqual(
            session.csrfToken().getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether a POST may come from a page of another site: its Origin, or else its Referer, when the
   * browser sent one, must name the host the request was sent to. Browsers send Origin with every
   * cross-site POST; the token is checked besides. A reverse proxy in front must pass the browser's
   * Host header on, as the comparison is with it.
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

  /**
   * A cookie scoped to the admin servlet's path, HttpOnly, SameSite=Strict, and Secure over HTTPS
   * or when {@code consoleSecureCookie} says the browser speaks HTTPS to a proxy in front.
   */
  Cookie scoped(String name, String value, HttpServletRequest request, int maxAge) {
    Cookie cookie = new Cookie(name, value);
    cookie.setPath(request.getContextPath() + request.getServletPath());
    cookie.setHttpOnly(true);
    cookie.setSecure(settings.secureCookie() || request.isSecure());
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
    Instant now = clock.instant();
    Session session = new Session(random(), random(), subject, bySecret, now.plus(LIFETIME));
    synchronized (sessions) {
      sessions.put(session.id(), new Entry(session, now));
    }
    return session;
  }

  /** The session with this id, if it is of this subject and neither expired nor idle. */
  private Optional<Session> live(String id, String subject) {
    Instant now = clock.instant();
    synchronized (sessions) {
      Entry entry = sessions.get(id);
      if (entry == null) {
        return Optional.empty();
      }
      if (!now.isBefore(entry.session.expires())
          || !now.isBefore(entry.lastUsed.plus(settings.idleTimeout()))) {
        sessions.remove(id);
        return Optional.empty();
      }
      if (!entry.session.subject().equals(subject)) {
        return Optional.empty();
      }
      entry.lastUsed = now;
      return Optional.of(entry.session);
    }
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return BASE64.encodeToString(bytes);
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
}
