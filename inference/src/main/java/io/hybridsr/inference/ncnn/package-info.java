/**
 * Reads ncnn models ({@code .param} text graph, {@code .bin} weights) and converts them to ONNX
 * with {@link io.hybridsr.inference.onnx.OnnxGraphBuilder}, so the Real-ESRGAN weights shipped for
 * ncnn run on ONNX Runtime. Also counts the graph's FLOPs per input pixel, which the latency model
 * and calibration use.
 */
package io.hybridsr.inference.ncnn;
