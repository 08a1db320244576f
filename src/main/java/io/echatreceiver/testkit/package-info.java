/**
 * Helpers for tests of code that receives Echat pushes: the specification's sample pushes, and
 * requests signed and encrypted exactly as Echat sends them, by the same code the receiver
 * verifies them with.
 */
package io.echatreceiver.testkit;
