package io.hybridsr.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void shouldChargeBytesAtTheLinkRate() throws Exception {
    TokenBucket b = new TokenBucket(8_000_000); // 1 MB/s
    double waited = b.acquire(50_000) + b.acquire(50_000);
    // 100 kB at 1 MB/s is 0.1 s of link time, charged back to back.
    assertEquals(0.1, waited, 0.01);
  }

  @Test
  void shouldRefuseANonPositiveBandwidth() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0));
  }
}
