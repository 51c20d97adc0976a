/**
 * SDXL text-to-image on ONNX Runtime from an Optimum-layout export (or its stand-ins): text
 * encoders, the guided UNet loop with micro-conditioning, the VAE decoder, with the final latent
 * exposed before decoding.
 */
package io.hybridsr.inference.sdxl;
