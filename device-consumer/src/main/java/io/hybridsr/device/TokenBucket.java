package io.hybridsr.device;

/**
 * Link emulation (named as such in logs and docs): a token bucket that holds a caller until the
 * bytes it received would have crossed a link of the given bandwidth.
 *
 * <p>It lets one machine reproduce the paper's 10 Mbps edge-device link, so T4 and T5 are measured
 * under it. Burst is one record: the first bytes wait too.
 */
public final class TokenBucket {
  private volatile double bytesPerSecond;
  private long availableAtNanos;

  /**
   * @param bitsPerSecond the emulated link's bandwidth; must be positive
   */
  public TokenBucket(double bitsPerSecond) {
    if (!(bitsPerSecond > 0)) {
      throw new IllegalArgumentException("bandwidth must be positive, got " + bitsPerSecond);
    }
    this.bytesPerSecond = bitsPerSecond / 8.0;
  }

  /** Blocks until {@code bytes} have "arrived"; returns the seconds spent waiting. */
  public synchronized double acquire(long bytes) throws InterruptedException {
    long now = System.nanoTime();
    long start = Math.max(now, availableAtNanos);
    long cost = (long) (bytes / bytesPerSecond * 1e9);
    availableAtNanos = start + cost;
    long waitNanos = availableAtNanos - now;
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
    return waitNanos / 1e9;
  }

  public double bitsPerSecond() {
    return bytesPerSecond * 8;
  }

  /** Changes the link's rate from now on (a link that degrades while the device runs). */
  public void setBitsPerSecond(double bitsPerSecond) {
    if (!(bitsPerSecond > 0)) {
      throw new IllegalArgumentException("bandwidth must be positive, got " + bitsPerSecond);
    }
    this.bytesPerSecond = bitsPerSecond / 8.0;
  }
}
