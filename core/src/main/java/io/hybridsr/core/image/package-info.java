/**
 * Images as float tensors: the tensor itself, decoded pictures (colour, alpha, bit depth), file
 * reading and writing with clear errors, resampling, and quality metrics.
 *
 * <p>Everything here is plain Java (javax.imageio for the codecs) so that the edge job, the device
 * app and the command line share one implementation.
 */
package io.hybridsr.core.image;
