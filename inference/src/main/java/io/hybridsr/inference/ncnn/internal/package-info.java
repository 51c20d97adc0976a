/** Converter internals: float16 decoding. */
package io.hybridsr.inference.ncnn.internal;
