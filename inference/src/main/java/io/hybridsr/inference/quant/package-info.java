/**
 * Reduced-precision Real-ESRGAN graphs: int8 in ONNX's QDQ form (per-channel symmetric int8
 * weights, uint8 activations with ranges calibrated on the project's photos), which ONNX Runtime's
 * CPU provider fuses into its integer kernels, and the precision a runner asks for.
 */
package io.hybridsr.inference.quant;
