/**
 * Text-to-image tasks as users submit them, their validation and their JSON form.
 *
 * <p>A {@link io.hybridsr.core.task.Task} cannot exist in an invalid state: every rule is checked
 * when it is built, so the scheduler and the Kafka/Flink layers never see a bad task. Parse errors
 * are a {@link io.hybridsr.core.task.TaskValidationException} naming the field and the rule, which
 * the streaming layer uses to dead-letter records.
 */
package io.hybridsr.core.task;
