/**
 * Real-ESRGAN on ONNX Runtime Java: the shared session, the image/tensor translation, the
 * RealESRGANer-style tiling and the picture-level handling (alpha, grey, outscale 2 or 3).
 */
package io.hybridsr.inference.realesrgan;
