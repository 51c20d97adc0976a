package io.hybridsr.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.inference.contract.ContractCheck;
import io.hybridsr.inference.contract.ElementType;
import java.nio.file.Path;

/**
 * One model file opened in ONNX Runtime and checked against its contract.
 *
 * <p>Owned by {@link SessionCache} and held through its leases; runners never close it themselves,
 * so that a model used by several runners (and threads: {@code OrtSession.run} is thread-safe) is
 * loaded once. Only its owner (the cache, or whoever called {@link SessionCache#open}) calls {@link
 * #close}.
 */
public record LoadedModel(Path path, OrtSession session, ContractCheck check)
    implements AutoCloseable {

  public ElementType precision() {
    return check.precision();
  }

  /** The declared element type of an input, e.g. to feed a timestep as int64 or float. */
  public ElementType inputType(String name) {
    try {
      var info = session.getInputInfo().get(name);
      if (info == null) {
        throw new IllegalArgumentException(path + ": no input '" + name + "'");
      }
      return ElementType.of(((ai.onnxruntime.TensorInfo) info.getInfo()).type);
    } catch (OrtException e) {
      throw new IllegalStateException(path + ": cannot read input info: " + e.getMessage(), e);
    }
  }

  /** Closes the session. */
  @Override
  public void close() throws OrtException {
    session.close();
  }
}
