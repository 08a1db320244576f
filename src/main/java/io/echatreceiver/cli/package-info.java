/**
 * {@code echat}, the push simulator: sends requests to a receiver as Echat's servers do, one at a
 * time ({@code send}, {@code check-url}) or many at once ({@code bulk}), signed and encrypted by
 * the {@link io.echatreceiver.testkit test kit}. Run it as {@code java -jar
 * echat-receiver-cli.jar}, which {@code mvn package} builds.
 */
package io.echatreceiver.cli;
