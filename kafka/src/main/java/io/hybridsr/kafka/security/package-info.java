/**
 * Authentication and authorization for hybridsr's Kafka traffic: SCRAM-SHA-512 credentials ({@link
 * io.hybridsr.kafka.security.KafkaCredentials}), the client settings that use them ({@link
 * io.hybridsr.kafka.security.ClientSecurity}, {@link
 * io.hybridsr.kafka.security.ClientPropertiesFile}), the principals and their ACLs ({@link
 * io.hybridsr.kafka.security.Principals}, {@link io.hybridsr.kafka.security.AclModel}), and the
 * settings of a secured broker ({@link io.hybridsr.kafka.security.KafkaSecurity}).
 *
 * <p>Why: a device must read only its own patches; see docs/security.md for the model.
 */
package io.hybridsr.kafka.security;
