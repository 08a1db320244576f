package io.echatreceiver.testkit;

import io.echatreceiver.crypto.EncodingAesKey;
import io.echatreceiver.crypto.PushCipher;
import io.echatreceiver.model.PushType;
import io.echatreceiver.verify.Signatures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds requests as Echat sends them, signed (and encrypted in safe mode) with the receiver's own
 * implementation, for a user's tests and for trying a receiver out.
 *
 * <pre>{@code
 * EchatRequest request = EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
 *     .token("myToken")
 *     .build();
 * client.send(request.httpRequest(URI.create("http://127.0.0.1:8080/echat")), ofString());
 * }</pre>
 */
public final class EchatRequests {

  private static final SecureRandom RANDOM = new SecureRandom();

  private EchatRequests() {}

  /** A push of this type with this XML as its (plain) body. */
  public static Builder push(PushType type, String xml) {
    return new Builder(type, Optional.empty(), xml.getBytes(StandardCharsets.UTF_8));
  }

  /** Echat's URL check ({@code dataType=checkUrl}), sent as a GET with {@code echostr}. */
  public static Builder checkUrl(String echostr) {
    return new Builder(PushType.of("checkUrl"), Optional.of(echostr), new byte[0]);
  }

  /** How an encrypted body is wrapped. */
  public enum EncryptedShape {
    /** {@code <xml><Encrypt><![CDATA[...]]></Encrypt></xml>}, as Echat documents it. */
    XML_ENVELOPE,
    /** The Base64 text alone. */
    BARE_BASE64
  }

  /** Collects the parts of a request; not thread-safe. */
  public static final class Builder {
    private final PushType type;
    private final Optional<String> echostr;
    private final byte[] xml;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private String token;
    private String timestamp;
    private String nonce;
    private String signature;
    private EncodingAesKey aesKey;
    private String appId;
    private EncryptedShape shape = EncryptedShape.XML_ENVELOPE;

    private Builder(PushType type, Optional<String> echostr, byte[] xml) {
      this.type = type;
      this.echostr = echostr;
      this.xml = xml;
    }

    /** The token the request is signed with (required). */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** The timestamp parameter as given; by default the clock's current epoch second. */
    public Builder timestamp(String timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /** The timestamp as this clock's current epoch second. */
    public Builder timestamp(Clock clock) {
      return timestamp(Long.toString(clock.instant().getEpochSecond()));
    }

    /** The nonce parameter; by default a random number. */
    public Builder nonce(String nonce) {
      this.nonce = Objects.requireNonNull(nonce, "nonce");
      return this;
    }

    /** Appends {@code companyId}, as a company serving several accounts on one URL does. */
    public Builder companyId(String companyId) {
      return param("companyId", companyId);
    }

    /** Appends any other query parameter; it is not signed, as with Echat. */
    public Builder param(String name, String value) {
      extra.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sends this signature instead of the right one, to test refusals. */
    public Builder signature(String signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /**
     * Encrypts the body as Echat does in safe mode.
     *
     * @param encodingAesKey the 43-character EncodingAESKey
     * @param appId Echat's open-API appId
     * @throws IllegalArgumentException if the key is not a valid EncodingAESKey
     */
    public Builder encrypt(String encodingAesKey, String appId) {
      this.aesKey = EncodingAesKey.parse(encodingAesKey);
      this.appId = Objects.requireNonNull(appId, "appId");
      return this;
    }

    /** How the encrypted body is wrapped; the XML envelope by default. */
    public Builder shape(EncryptedShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    /**
     * Signs and, where asked, encrypts.
     *
     * @throws IllegalStateException if no token was given
     */
    public EchatRequest build() {
      if (token == null) {
        throw new IllegalStateException("a token is required to sign the request");
      }
      String ts =
          timestamp != null
              ? timestamp
              : Long.toString(Clock.systemUTC().instant().getEpochSecond());
      String once =
          nonce != null ? nonce : Long.toString(1_000_000_000L + RANDOM.nextInt(1_000_000_000));
      String sig = signature != null ? signature : Signatures.sign(token, ts, once);
      StringBuilder query =
          new StringBuilder()
              .append("timestamp=")
              .append(encode(ts))
              .append("&nonce=")
              .append(encode(once))
              .append("&signature=")
              .append(encode(sig))
              .append("&dataType=")
              .append(encode(type.dataType()));
      type.msgType().ifPresent(m -> query.append("&msgType=").append(encode(m)));
      echostr.ifPresent(e -> query.append("&echostr=").append(encode(e)));
      extra.forEach(
          (name, value) ->
              query.append('&').append(encode(name)).append('=').append(encode(value)));
      if (echostr.isPresent()) {
        return new EchatRequest("GET", query.toString(), new byte[0]);
      }
      return new EchatRequest("POST", query.toString(), body());
    }

    private byte[] body() {
      if (aesKey == null) {
        return xml.clone();
      }
      String ciphertext = PushCipher.encrypt(aesKey, appId, xml);
      String body =
          shape == EncryptedShape.BARE_BASE64
              ? ciphertext
              : "<xml><Encrypt><![CDATA[" + ciphertext + "]]></Encrypt></xml>";
      return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
