package io.echatreceiver.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fingerprints are SipHash-2-4 under the fingerprinter's own key, over length-framed parts. */
class FingerprinterTest {

  /** The reference key of SipHash's paper, bytes 00 to 0f. */
  private static final Fingerprinter REFERENCE =
      new Fingerprinter(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

  /** SipHash-2-4 of the messages 00, 00 01, ... under the reference key, from its paper. */
  private static final long[] REFERENCE_VECTORS = {
    0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
    0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
    0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
    0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
    0x3f2acc7f57c29bdbL, 0x699ae9f52cbe4794L,
  };

  @Test
  void isSipHash24OfTheBytesPut() {
    for (int length = 0; length < REFERENCE_VECTORS.length; length++) {
      Fingerprinter.Hasher hasher = REFERENCE.newHasher();
      for (int i = 0; i < length; i++) {
        hasher.putByte((byte) i);
      }
      assertEquals(REFERENCE_VECTORS[length], hasher.hash(), "message of " + length + " bytes");
    }
  }

  @Test
  void putsBytesAsTheirCountThenEachByteAtAnyPositionInTheBlock() {
    byte[] content = new byte[40];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (0xF0 - i * 7);
    }
    for (int before = 0; before < 8; before++) {
      for (int size = 0; size <= content.length; size++) {
        byte[] part = Arrays.copyOf(content, size);
        Fingerprinter.Hasher byteByByte = REFERENCE.newHasher();
        Fingerprinter.Hasher whole = REFERENCE.newHasher();
        for (int i = 0; i < before; i++) {
          byteByByte.putByte((byte) i);
          whole.putByte((byte) i);
        }
        for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE) {
          byteByByte.putByte((byte) (size >>> shift));
        }
        for (byte b : part) {
          byteByByte.putByte(b);
        }

        assertEquals(
            byteByByte.hash(), whole.putBytes(part).hash(), before + " bytes, then " + size);
      }
    }
  }

  @Test
  void putsAStringAsItsLengthThenItsUtf16CodeUnits() {
    // "\u0100\u0302": length 2 as 02 00 00 00, then 00 01 and 02 03, little-endian.
    Fingerprinter.Hasher bytes = REFERENCE.newHasher();
    for (int b : new int[] {2, 0, 0, 0, 0, 1, 2, 3}) {
      bytes.putByte((byte) b);
    }
    assertEquals(bytes.hash(), REFERENCE.fingerprint("\u0100\u0302"));
  }

  @Test
  void putsTheSameBytesAfterAnOddNumberOfBytes() {
    // After one byte every code unit straddles two byte positions, and some two blocks.
    String text = "\u0100\u0302\u0504\u0706\u0908";
    Fingerprinter.Hasher bytes = REFERENCE.newHasher().putByte((byte) 9);
    for (int b : new int[] {5, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
      bytes.putByte((byte) b);
    }

    assertEquals(bytes.hash(), REFERENCE.newHasher().putByte((byte) 9).putString(text).hash());
  }

  @Test
  void putsTheSameBytesWhenCodeUnitsFillWholeBlocks() {
    String text = "\u0100\u0302\u0504\u0706\u0908";
    Fingerprinter.Hasher bytes = REFERENCE.newHasher();
    for (int b : new int[] {5, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
      bytes.putByte((byte) b);
    }

    assertEquals(bytes.hash(), REFERENCE.fingerprint(text));
  }

  @Test
  void tellsApartPartsThatJoinToTheSameText() {
    Fingerprinter fingerprinter = Fingerprinter.withRandomKey();

    assertNotEquals(
        fingerprinter.newHasher().putString("ab").putString("c").hash(),
        fingerprinter.newHasher().putString("a").putString("bc").hash());
  }

  @Test
  void givesTheSameKeyTheSameFingerprint() {
    Fingerprinter fingerprinter = Fingerprinter.withRandomKey();

    assertEquals(
        fingerprinter.fingerprint("60:staffPush/msgReply:7"),
        fingerprinter.fingerprint("60:staffPush/msgReply:7"));
  }

  @Test
  void fingerprintsDependOnTheSecretKey() {
    assertNotEquals(
        Fingerprinter.withRandomKey().fingerprint("60:staffPush/msgReply:7"),
        Fingerprinter.withRandomKey().fingerprint("60:staffPush/msgReply:7"));
  }
}
