package io.echatreceiver.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The console's texts in one language, from the bundle {@code io/echatreceiver/admin/console}
 * (English, the default) and {@code console_zh_CN} (Simplified Chinese). Java 9 and later read
 * properties bundles as UTF-8.
 */
final class Labels {

  static final String LANGUAGE_COOKIE = "echat_console_lang";
  static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
  private static final String BUNDLE = "io.echatreceiver.admin.console";
  // Without this control a server whose default locale is Chinese would answer an English
  // request from the Chinese bundle: getBundle falls back to the default locale first.
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Locale locale;
  private final ResourceBundle bundle;

  private Labels(Locale locale) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(BUNDLE, locale, Labels.class.getClassLoader(), NO_FALLBACK);
  }

  static Labels of(Locale locale) {
    return new Labels(locale);
  }

  /**
   * The language of a request: {@code ?lang=}, else the language chosen before (a cookie), else the
   * browser's Accept-Language, else English.
   */
  static Labels of(HttpServletRequest request) {
    Optional<Locale> chosen =
        parse(request.getParameter("lang"))
            .or(() -> ConsoleAccess.cookieValue(request, LANGUAGE_COOKIE).flatMap(Labels::parse));
    if (chosen.isPresent()) {
      return new Labels(chosen.get());
    }
    for (Locale accepted : Collections.list(request.getLocales())) {
      if (accepted.getLanguage().equals("zh")) {
        return new Labels(CHINESE);
      }
      if (accepted.getLanguage().equals("en")) {
        return new Labels(Locale.ENGLISH);
      }
    }
    return new Labels(Locale.ENGLISH);
  }

  /** {@code zh-CN} (or any Chinese) and {@code en}; nothing else is offered. */
  static Optional<Locale> parse(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    String language = Locale.forLanguageTag(tag).getLanguage();
    return switch (language) {
      case "zh" -> Optional.of(CHINESE);
      case "en" -> Optional.of(Locale.ENGLISH);
      default -> Optional.empty();
    };
  }

  /** The language tag, as in {@code ?lang=} and the page's {@code lang} attribute. */
  String tag() {
    return locale.equals(CHINESE) ? "zh-CN" : "en";
  }

  /** The other language, which the switch link offers. */
  Labels other() {
    return new Labels(locale.equals(CHINESE) ? Locale.ENGLISH : CHINESE);
  }

  /** A text; with arguments, formatted as a {@link MessageFormat} pattern. */
  String get(String key, Object... arguments) {
    String text = bundle.getString(key);
    return arguments.length == 0 ? text : new MessageFormat(text, locale).format(arguments);
  }

  /** Every key of the bundle, for the test that both languages have the same. */
  List<String> keys() {
    return Collections.list(bundle.getKeys());
  }
}
