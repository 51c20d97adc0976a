package io.hybridsr.inference.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-ins for SDXL and StableSR: tiny models generated in Java with the real exports' contracts
 * (names, ranks, element types, dynamic axes) and the real structure in miniature, fixed-seed
 * weights, plus a tiny tokenizer vocabulary. They make the whole pipeline runnable and testable
 * where the real weights cannot be downloaded; their images are noise-like patterns, not pictures.
 *
 * <p>Generated on first use into a cache folder (never committed), which a {@code standin.json}
 * marks as stand-ins with the generator version, the seed and each model's FLOP tally. Writing goes
 * to a temporary sibling folder that is then renamed, so a half-written folder is never used.
 *
 * <pre>{@code
 * Path sdxl = StandIns.sdxl();          // ~/.cache/hybridsr/stand-ins/v1/sdxl
 * boolean fake = StandIns.isStandIn(sdxl); // true
 * }</pre>
 */
public final class StandIns {
  private static final Logger LOG = LoggerFactory.getLogger(StandIns.class);

  /** Bump when the stand-in graphs change, so stale caches are regenerated. */
  public static final int VERSION = 1;

  public static final String MARKER = "standin.json";
  public static final long SEED = 20240501L;

  /** Stand-in text encoder sizes: encoder 1 width, encoder 2 width, projection. */
  static final int ENC1_DIM = 32;

  static final int ENC2_DIM = 48;
  static final int PROJECTION = 32;
  static final int SD2_DIM = 32;

  private StandIns() {}

  private static volatile Path cacheOverride;

  /** Undoes {@link #useCacheRoot}. */
  public interface CacheRestore extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Points the cache at {@code dir} until the returned handle is closed (tests keep their stand-ins
   * and converted models apart from the user's this way).
   */
  public static CacheRestore useCacheRoot(Path dir) {
    Path previous = cacheOverride;
    cacheOverride = dir;
    return () -> cacheOverride = previous;
  }

  /**
   * The cache root: {@link #useCacheRoot}'s folder, else {@code HYBRIDSR_CACHE}, else {@code
   * XDG_CACHE_HOME/hybridsr}, else ~/.cache/hybridsr.
   */
  public static Path cacheRoot() {
    Path override = cacheOverride;
    if (override != null) {
      return override;
    }
    String p = System.getenv("HYBRIDSR_CACHE");
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    // The same per-user cache as the model store's weights.
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "hybridsr");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "hybridsr");
  }

  /** The SDXL stand-in folder in the cache, generated on first use. */
  public static Path sdxl() {
    return ensure(cacheRoot().resolve("stand-ins/v" + VERSION + "/sdxl"), StandIns::writeSdxl);
  }

  /** The StableSR stand-in folder in the cache, generated on first use. */
  public static Path stableSr() {
    return ensure(
        cacheRoot().resolve("stand-ins/v" + VERSION + "/stablesr"), StandIns::writeStableSr);
  }

  /** Whether {@code folder} holds stand-ins (it has the marker file) rather than a real export. */
  public static boolean isStandIn(Path folder) {
    return Files.isRegularFile(folder.resolve(MARKER));
  }

  /** FLOPs of one call of a stand-in model at a spatial input of h x w, from its marker. */
  public static double flops(Path folder, String model, int h, int w) {
    try {
      var node =
          new ObjectMapper().readTree(folder.resolve(MARKER).toFile()).path("flops").path(model);
      if (node.isMissingNode()) {
        throw new IllegalArgumentException(
            folder.resolve(MARKER) + ": no FLOP tally for model '" + model + "'");
      }
      return node.path("perInputPixel").asDouble() * h * w + node.path("constant").asDouble();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface Writer {
    void write(Path dir) throws IOException;
  }

  private static synchronized Path ensure(Path dir, Writer writer) {
    if (isStandIn(dir)) {
      return dir;
    }
    if (Files.exists(dir)) {
      throw new IllegalStateException(
          dir
              + " exists but is not a stand-in folder (no "
              + MARKER
              + "); delete it and it will be generated again");
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".part");
      try {
        LOG.info("generating stand-in models into {} (first use)", dir);
        writer.write(tmp);
        try {
          Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!isStandIn(dir)) {
            throw e; // another process won the race otherwise
          }
        }
      } finally {
        deleteTree(tmp);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot generate stand-in models in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes an SDXL stand-in export, with its marker, into {@code dir} (tests use private copies).
   */
  public static void writeSdxl(Path dir) throws IOException {
    TinyClipVocabulary.write(dir.resolve("tokenizer"), "<|endoftext|>");
    TinyClipVocabulary.write(dir.resolve("tokenizer_2"), "!");
    int vocab = TinyClipVocabulary.size(dir.resolve("tokenizer"));
    Map<String, StandInModels.Flops> f = new LinkedHashMap<>();
    f.put(
        "text_encoder",
        StandInModels.textEncoder(
            dir.resolve("text_encoder/model.onnx"),
            vocab,
            ENC1_DIM,
            2,
            0,
            List.of("last_hidden_state", "pooler_output", "hidden_states"),
            SEED + 1));
    f.put(
        "text_encoder_2",
        StandInModels.textEncoder(
            dir.resolve("text_encoder_2/model.onnx"),
            vocab,
            ENC2_DIM,
            2,
            PROJECTION,
            List.of("text_embeds", "last_hidden_state", "hidden_states"),
            SEED + 2));
    f.put(
        "unet",
        StandInModels.sdxlUnet(
            dir.resolve("unet/model.onnx"), ENC1_DIM + ENC2_DIM, PROJECTION, SEED + 3));
    f.put("vae_decoder", StandInModels.vaeDecoder(dir.resolve("vae_decoder/model.onnx"), SEED + 4));
    writeMarker(dir, "sdxl", f);
  }

  /** Writes a StableSR stand-in export, with its marker, into {@code dir}. */
  public static void writeStableSr(Path dir) throws IOException {
    TinyClipVocabulary.write(dir.resolve("tokenizer"), "<|endoftext|>");
    int vocab = TinyClipVocabulary.size(dir.resolve("tokenizer"));
    Map<String, StandInModels.Flops> f = new LinkedHashMap<>();
    f.put(
        "text_encoder",
        StandInModels.textEncoder(
            dir.resolve("text_encoder/model.onnx"),
            vocab,
            SD2_DIM,
            1,
            0,
            List.of("last_hidden_state"),
            SEED + 11));
    f.put(
        "vae_encoder", StandInModels.vaeEncoder(dir.resolve("vae_encoder/model.onnx"), SEED + 12));
    f.put(
        "struct_encoder",
        StandInModels.structEncoder(dir.resolve("struct_encoder/model.onnx"), SEED + 13));
    f.put("unet", StandInModels.stableSrUnet(dir.resolve("unet/model.onnx"), SD2_DIM, SEED + 14));
    f.put(
        "vae_decoder", StandInModels.vaeDecoder(dir.resolve("vae_decoder/model.onnx"), SEED + 15));
    writeMarker(dir, "stablesr", f);
  }

  private static void writeMarker(Path dir, String what, Map<String, StandInModels.Flops> flops)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("standIn", true);
    root.put("what", what);
    root.put(
        "note",
        "STAND-IN models generated by hybridsr for testing: same contracts as the real "
            + "exports, tiny random weights; their outputs are not meaningful images.");
    root.put("generator", StandIns.class.getName());
    root.put("version", VERSION);
    root.put("seed", SEED);
    ObjectNode f = root.putObject("flops");
    flops.forEach(
        (k, v) ->
            f.putObject(k).put("perInputPixel", v.perInputPixel()).put("constant", v.constant()));
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MARKER).toFile(), root);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
