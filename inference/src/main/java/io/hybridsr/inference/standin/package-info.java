/**
 * Stand-in models: tiny ONNX models with the real SDXL and StableSR export contracts and the real
 * structure in miniature, generated in Java on first use. Named stand-ins everywhere they appear.
 */
package io.hybridsr.inference.standin;
