package io.hybridsr.app.cli;

import io.hybridsr.inference.onnx.ExecutionProvider;

/**
 * The CLI's settings that come from its environment, read here and passed down as values: the
 * libraries below the CLI read no system properties or variables of their own.
 */
final class CliEnvironment {
  private CliEnvironment() {}

  /**
   * Where the commands run SDXL and StableSR: {@code HYBRIDSR_EP} ({@code cpu} or {@code cuda};
   * {@code -Dhybridsr.ep} in {@code HYBRIDSR_JAVA_OPTS} also works), CPU when unset.
   */
  static ExecutionProvider executionProvider() {
    String v = System.getProperty("hybridsr.ep", System.getenv("HYBRIDSR_EP"));
    try {
      return ExecutionProvider.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HYBRIDSR_EP / hybridsr.ep: " + e.getMessage(), e);
    }
  }
}
