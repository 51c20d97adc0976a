/**
 * Model runners on ONNX Runtime. {@link io.hybridsr.inference.SuperResolver} is the one interface
 * the hybrid engine, the Flink operators and the device app use for any SR model.
 */
package io.hybridsr.inference;
