package io.hybridsr.inference.contract;

import java.util.List;

/**
 * The inputs and outputs one model file of an export must have (see docs/model-contracts.md).
 *
 * @param model the model's folder name in the export, e.g. {@code unet}; used in every message
 */
public record ModelContract(String model, List<TensorSpec> inputs, List<TensorSpec> outputs) {
  public ModelContract {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
