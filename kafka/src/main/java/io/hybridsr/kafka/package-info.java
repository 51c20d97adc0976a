/**
 * Kafka plumbing shared by the Flink job and the device consumer: topic names and layout ({@link
 * io.hybridsr.kafka.Topics}), on-demand topic creation, and a real KRaft broker that runs inside
 * the JVM for tests and the local demo, optionally secured with SCRAM logins and ACLs ({@link
 * io.hybridsr.kafka.security}).
 */
package io.hybridsr.kafka;
