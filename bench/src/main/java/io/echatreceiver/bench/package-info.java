/**
 * Benchmarks of the receiver, outside the WAR: JMH for parsing, a load server for end-to-end
 * figures beside a no-op servlet, durable acknowledgement against pgbench, and memory. The commands
 * and the figures are in BENCHMARKS.md at the repository root.
 */
package io.echatreceiver.bench;
