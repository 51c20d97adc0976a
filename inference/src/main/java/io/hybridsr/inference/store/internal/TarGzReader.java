package io.hybridsr.inference.store.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts chosen regular files from a .tar.gz (what {@code npm pack} writes) with Commons
 * Compress, which the inference module already has through DJL. Only the wanted entries are
 * written, each through a temporary file and a move, so a cut download never leaves half a file.
 */
public final class TarGzReader {
  private TarGzReader() {}

  /**
   * Writes every entry named in {@code wanted} (archive path -> file name) into {@code dir}.
   *
   * @return the archive paths that were found
   */
  public static Set<String> extract(Path tgz, Map<String, String> wanted, Path dir)
      throws IOException {
    Set<String> found = new HashSet<>();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String target = e.isFile() ? wanted.get(e.getName()) : null;
        if (target == null) {
          continue;
        }
        Path tmp = Files.createTempFile(dir, "." + target, ".part");
        try {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            tar.transferTo(out);
          }
          try {
            Files.move(
                tmp,
                dir.resolve(target),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException ex) {
            Files.move(tmp, dir.resolve(target), StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
        found.add(e.getName());
      }
    }
    return found;
  }
}
