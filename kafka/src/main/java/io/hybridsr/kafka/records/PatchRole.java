package io.hybridsr.kafka.records;

/** Which SR path a patch took: the edge's diffusion SR, or the device's Real-ESRGAN. */
public enum PatchRole {
  /** High-variance patch, already upscaled on the edge; the device only stitches it. */
  FOREGROUND,
  /** Low-variance patch at generation resolution; the device upscales it, then stitches. */
  BACKGROUND
}
