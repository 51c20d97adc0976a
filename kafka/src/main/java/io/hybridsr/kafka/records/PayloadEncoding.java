package io.hybridsr.kafka.records;

/** How a patch's pixels are carried in the record value. */
public enum PayloadEncoding {
  /** A PNG file (8-bit RGB): lossless and compact; the default on real links. */
  PNG,
  /** Raw little-endian float32 CHW: no quantisation, 4 bytes a value; for tests and debugging. */
  RAW_F32
}
