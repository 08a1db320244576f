package io.echatreceiver.fingerprint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Makes 64-bit fingerprints of keys such as a request's nonce or a push's identity, so that they
 * can be remembered as numbers rather than as objects. The fingerprint is SipHash-2-4 under a
 * secret key of this fingerprinter's own: a sender who does not know the key cannot choose a key
 * whose fingerprint collides with another's, which a plain hash (String's, Murmur's) allows.
 *
 * <p>Parts are absorbed with their lengths, so that {@code ("ab", "c")} and {@code ("a", "bc")}
 * differ. Thread-safe: a {@link Hasher} is made per fingerprint.
 */
public final class Fingerprinter {

  private final long k0;
  private final long k1;

  Fingerprinter(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** A fingerprinter with a key of its own, drawn from a {@link SecureRandom}. */
  public static Fingerprinter withRandomKey() {
    SecureRandom random = new SecureRandom();
    return new Fingerprinter(random.nextLong(), random.nextLong());
  }

  /** Starts a fingerprint; add the key's parts and take {@link Hasher#hash()}. */
  public Hasher newHasher() {
    return new Hasher(k0, k1);
  }

  /** The fingerprint of a key of one part. */
  public long fingerprint(String part) {
    return newHasher().putString(part).hash();
  }

  /**
   * One fingerprint in the making: SipHash-2-4 over the bytes put, eight at a time. Strings are put
   * as their UTF-16 code units without encoding them, so that nothing is allocated.
   */
  public static final class Hasher {

    private static final VarHandle LITTLE_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** The bytes of the block being filled, the first in the lowest byte. */
    private long block;

    private long length;

    private Hasher(long k0, long k1) {
      v0 = k0 ^ 0x736f6d6570736575L;
      v1 = k1 ^ 0x646f72616e646f6dL;
      v2 = k0 ^ 0x6c7967656e657261L;
      v3 = k1 ^ 0x7465646279746573L;
    }

    /** Adds a string, preceded by its length. */
    public Hasher putString(String part) {
      int size = part.length();
      putInt(size);
      if ((length & 1) == 0) {
        // Whole code units fit a block's even positions: two bytes at a time, none split.
        for (int i = 0; i < size; i++) {
          putEvenChar(part.charAt(i));
        }
        return this;
      }
      for (int i = 0; i < size; i++) {
        char c = part.charAt(i);
        putByte((byte) c);
        putByte((byte) (c >>> 8));
      }
      return this;
    }

    /** Puts a code unit's two bytes, the low first, when an even number of bytes was put. */
    private void putEvenChar(char c) {
      int position = (int) (length & 7);
      block |= (long) c << (position * Byte.SIZE);
      length += 2;
      if (position == 6) {
        compress(block);
        block = 0;
      }
    }

    /**
     * Adds bytes, preceded by their count. A body is fingerprinted whole for every request, so the
     * bytes go in eight at a time, as one little-endian word, once the block they start is full.
     */
    public Hasher putBytes(byte[] bytes) {
      putInt(bytes.length);
      int i = 0;
      while (i < bytes.length && (length & 7) != 0) {
        putByte(bytes[i++]);
      }
      // The block is empty here: a whole word is compressed as putByte would have, byte by byte.
      for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
        compress((long) LITTLE_ENDIAN_LONG.get(bytes, i));
        length += Long.BYTES;
      }
      for (; i < bytes.length; i++) {
        putByte(bytes[i]);
      }
      return this;
    }

    /** Adds a number as its eight bytes. */
    public Hasher putLong(long value) {
      for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
        putByte((byte) (value >>> shift));
      }
      return this;
    }

    private void putInt(int value) {
      for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE) {
        putByte((byte) (value >>> shift));
      }
    }

    Hasher putByte(byte value) {
      int position = (int) (length++ & 7);
      block |= (value & 0xffL) << (position * Byte.SIZE);
      if (position == 7) {
        compress(block);
        block = 0;
      }
      return this;
    }

    /** The fingerprint of what was put; the hasher is spent. */
    public long hash() {
      long last = block | (length << 56);
      compress(last);
      v2 ^= 0xff;
      for (int i = 0; i < 4; i++) {
        round();
      }
      return v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long message) {
      v3 ^= message;
      round();
      round();
      v0 ^= message;
    }

    private void round() {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13);
      v1 ^= v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16);
      v3 ^= v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21);
      v3 ^= v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17);
      v1 ^= v2;
      v2 = Long.rotateLeft(v2, 32);
    }
  }
}
