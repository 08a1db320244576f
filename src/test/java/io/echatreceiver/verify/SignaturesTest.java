package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  @Test
  void reproducesTheSpecsCheckValue() {
    assertEquals(
        "81ceaac69a2f44be4f98d4adbea202d5792c62bb",
        Signatures.sign("myToken", "myTimestamp", "myNonce"));
  }

  @Test
  void sortsTheThreeValuesSoTheirRolesDoNotMatter() {
    assertEquals(
        Signatures.sign("myToken", "myTimestamp", "myNonce"),
        Signatures.sign("myNonce", "myToken", "myTimestamp"));
  }

  @Test
  void findsWhichOfSeveralTokensSigned() {
    String signature = Signatures.sign("new", "1700000000", "9");

    assertEquals(
        OptionalInt.of(1),
        Signatures.matchingToken(List.of("old", "new"), "1700000000", "9", signature));
    assertEquals(
        OptionalInt.empty(),
        Signatures.matchingToken(List.of("old"), "1700000000", "9", signature));
  }

  @Test
  void comparesTheHexExactly() {
    String upper = Signatures.sign("t", "1", "2").toUpperCase();

    assertEquals(OptionalInt.empty(), Signatures.matchingToken(List.of("t"), "1", "2", upper));
  }
}
