/**
 * Durable acknowledgement against pgbench: how many pushes per second are stored and answered
 * {@code success}, at the concurrency pgbench runs its one-INSERT transactions at, on the same
 * PostgreSQL. {@code bench/durable/run.sh} runs both and prints the ratios.
 */
package io.echatreceiver.bench.durable;
