/** Runner internals: the process-wide cache of open sessions. */
package io.hybridsr.inference.realesrgan.internal;
