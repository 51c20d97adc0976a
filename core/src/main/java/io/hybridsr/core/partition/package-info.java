/**
 * The hybrid SR engine's geometry: the variance partition of a latent or image into foreground and
 * background patches, patch rectangles with an overlap margin, and the feathered overlap-add
 * stitcher that assembles upscaled patches without seams (paper, section III-A).
 */
package io.hybridsr.core.partition;
