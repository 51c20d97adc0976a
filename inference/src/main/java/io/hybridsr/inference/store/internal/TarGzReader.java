package io.hybridsr.inference.store.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen regular files from a .tar.gz (ustar, with GNU long names and pax headers
 * skipped), the format {@code npm pack} writes.
 *
 * <p>Why our own: the JDK reads gzip but not tar, and a 60-line reader is smaller than a new
 * dependency. Only the wanted entries are written, each through a temporary file and a move.
 */
public final class TarGzReader {
  private TarGzReader() {}

  /**
   * Writes every entry named in {@code wanted} (archive path -> file name) into {@code dir}.
   *
   * @return the archive paths that were found
   */
  public static Set<String> extract(Path tgz, Map<String, String> wanted, Path dir) throws IOException {
    Set<String> found = new HashSet<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
      byte[] header = new byte[512];
      String longName = null;
      while (true) {
        if (!readFully(in, header)) {
          break;
        }
        if (isZero(header)) {
          break;
        }
        String name = longName != null ? longName : cString(header, 0, 100);
        longName = null;
        String prefix = cString(header, 345, 155);
        if (!prefix.isEmpty() && name.equals(cString(header, 0, 100))) {
          name = prefix + "/" + name;
        }
        long size = parseOctal(header, 124, 12, tgz);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        if (type == 'L') {
          byte[] b = in.readNBytes((int) padded);
          longName = new String(b, 0, (int) Math.min(size, b.length), StandardCharsets.UTF_8).replace("\0", "");
          continue;
        }
        String target = (type == '0' || type == 0) ? wanted.get(name) : null;
        if (target != null) {
          Path tmp = Files.createTempFile(dir, "." + target, ".part");
          try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
              copy(in, out, size);
            }
            try {
              Files.move(tmp, dir.resolve(target), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
              Files.move(tmp, dir.resolve(target), StandardCopyOption.REPLACE_EXISTING);
            }
          } finally {
            Files.deleteIfExists(tmp);
          }
          skip(in, padded - size);
          found.add(name);
        } else {
          skip(in, padded);
        }
      }
    }
    return found;
  }

  private static boolean readFully(InputStream in, byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, b.length);
    if (n == 0) {
      return false;
    }
    if (n < b.length) {
      throw new EOFException("tar header cut short");
    }
    return true;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long parseOctal(byte[] b, int off, int len, Path tgz) throws IOException {
    String s = cString(b, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException(tgz + ": bad tar entry size '" + s + "'", e);
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("tar entry cut short");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("tar archive cut short");
        }
        s = 1;
      }
      n -= s;
    }
  }
}
