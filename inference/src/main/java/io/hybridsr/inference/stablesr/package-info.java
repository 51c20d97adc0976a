/**
 * StableSR diffusion super-resolution on ONNX Runtime (the edge's foreground upscaler): tiled DDIM
 * sampling with the time-aware encoder, Gaussian tile blending and colour fix.
 */
package io.hybridsr.inference.stablesr;
