package io.hybridsr.core.task;

/**
 * A task (or its JSON form) broke a rule; {@link #field()} names the field and {@link #reason()}
 * the rule.
 *
 * <p>Unchecked so records can validate in their constructors; the streaming layer catches it to
 * dead-letter a record with a message a person can act on.
 */
public final class TaskValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  public TaskValidationException(String field, String reason) {
    super("task field '" + field + "': " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The JSON/record field at fault, e.g. {@code lambda}; {@code $} for the document itself. */
  public String field() {
    return field;
  }

  /** The rule broken, e.g. {@code must be in [0, 1] but was 1.5}. */
  public String reason() {
    return reason;
  }
}
