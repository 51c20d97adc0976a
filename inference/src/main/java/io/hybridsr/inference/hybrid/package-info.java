/**
 * The hybrid SR engine (paper, section III-A): foreground patches to the edge SR model, background
 * patches to the device SR model, feathered stitching of both.
 */
package io.hybridsr.inference.hybrid;
