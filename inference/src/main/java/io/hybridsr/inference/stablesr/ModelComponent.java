package io.hybridsr.inference.stablesr;

import io.hybridsr.inference.contract.ModelContract;
import java.util.Map;

/**
 * One model of the StableSR export, whichever engine runs it: ONNX Runtime for {@code model.onnx},
 * DJL's PyTorch engine for a TorchScript {@code model.pt}. Inputs and outputs go by the contract's
 * names, so the sampler does not know which engine is behind a component.
 */
public interface ModelComponent extends AutoCloseable {
  ModelContract contract();

  /** {@code onnx} or {@code torchscript}, with the file, for listings and errors. */
  String describe();

  Map<String, ComponentTensor> run(Map<String, ComponentTensor> inputs) throws Exception;

  /** Releases what this component holds (its session, or its share of a shared one). */
  @Override
  void close();
}
