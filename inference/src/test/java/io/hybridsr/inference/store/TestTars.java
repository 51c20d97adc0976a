package io.hybridsr.inference.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes ustar entries for tests that build small npm-like tarballs. */
final class TestTars {
  private TestTars() {}

  /** One regular-file entry: header, data, padding to 512 bytes. */
  static void entry(OutputStream out, String name, byte[] data) throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    // ustar: names over 100 bytes go in the prefix field (345, 155 bytes) split at a slash
    String prefix = "";
    String base = name;
    if (n.length > 100) {
      int cut = name.lastIndexOf('/', 155);
      prefix = name.substring(0, cut);
      base = name.substring(cut + 1);
    }
    byte[] bn = base.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bn, 0, h, 0, bn.length);
    byte[] bp = prefix.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bp, 0, h, 345, bp.length);
    byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    h[156] = '0';
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    out.write(h);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512]);
  }
}
