package io.hybridsr.inference.contract;

import java.util.List;

/**
 * A model file does not have the inputs/outputs its contract requires.
 *
 * <p>Thrown at load time, before any inference, so that a wrong export fails with a message naming
 * the model, the tensor, what was expected and what was found, rather than deep inside a run.
 */
public final class ContractViolationException extends IllegalArgumentException {
  private final List<String> problems;

  public ContractViolationException(String modelPath, List<String> problems) {
    super(
        "model "
            + modelPath
            + " does not match its contract:\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
