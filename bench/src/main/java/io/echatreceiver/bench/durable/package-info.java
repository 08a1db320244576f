/**
 * Durable acknowledgement against pgbench: how many pushes per second are stored and answered
 * {@code success}, at the concurrency pgbench runs its one-INSERT transactions at, on the same
 * PostgreSQL. {@code bench/durable/run.sh} runs both and prints the ratios. {@link
 * io.echatreceiver.bench.durable.StoreAlone} runs the store step in a JVM of its own, so that
 * {@code bench/durable/cpu.sh} can set its CPU per push beside the receiver's over HTTP.
 */
package io.echatreceiver.bench.durable;
