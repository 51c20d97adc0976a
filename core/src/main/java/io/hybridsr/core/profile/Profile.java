package io.hybridsr.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constants of one hardware set-up, keyed by dotted path ({@code edge.peakFlops}), each a
 * {@link Figure} with unit and source.
 *
 * <p>Loading checks every figure the models read ({@link ProfileKeys#REQUIRED}) and refuses a
 * missing, non-numeric, negative (or, where a divisor, zero) figure with the file, key and reason,
 * so a model never computes with a bad constant.
 *
 * <pre>{@code
 * Profile p = Profile.defaultProfile();            // the paper's testbed
 * Profile q = Profile.load(Path.of("my.json"));     // throws ProfileException
 * double flops = p.value(ProfileKeys.EDGE_PEAK_FLOPS);
 * }</pre>
 */
public final class Profile {
  /** Class-path resource of the default profile (the paper's testbed). */
  /** Top-level section where {@code calibrate} keeps its raw timings; not read as figures. */
  public static final String MEASUREMENTS = "measurements";

  public static final String DEFAULT_RESOURCE = "/profiles/paper-testbed.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String file;
  private final String name;
  private final Map<String, Figure> figures;
  private final Map<String, String> texts;

  private Profile(
      String file, String name, Map<String, Figure> figures, Map<String, String> texts) {
    this.file = file;
    this.name = name;
    this.figures = Collections.unmodifiableMap(figures);
    this.texts = Collections.unmodifiableMap(texts);
  }

  /** The paper's testbed profile, shipped in the jar. */
  public static Profile defaultProfile() {
    try (InputStream in = Profile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ProfileException(DEFAULT_RESOURCE, "$", "resource missing from the class path");
      }
      return parse(DEFAULT_RESOURCE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** Loads and checks a profile file. */
  public static Profile load(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new ProfileException(path.toString(), "$", "cannot read file: " + e);
    }
    return parse(path.toString(), bytes);
  }

  /** Parses and checks profile JSON; {@code file} names it in errors. */
  public static Profile parse(String file, byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new ProfileException(file, "$", "malformed JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ProfileException(file, "$", "must be a JSON object");
    }
    Map<String, Figure> figures = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    collect(file, "", root, figures, texts);
    String name = texts.get("profile");
    if (name == null || name.isBlank()) {
      throw new ProfileException(file, "profile", "missing: the profile needs a name");
    }
    for (Map.Entry<String, ProfileKeys.Rule> e : ProfileKeys.REQUIRED.entrySet()) {
      Figure f = figures.get(e.getKey());
      if (f == null) {
        throw new ProfileException(
            file, e.getKey(), "missing figure (the models need it; see docs/profile-format.md)");
      }
      e.getValue().check(file, e.getKey(), f.value());
    }
    return new Profile(file, name, figures, texts);
  }

  private static void collect(
      String file,
      String prefix,
      JsonNode node,
      Map<String, Figure> figures,
      Map<String, String> texts) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (key.equals(MEASUREMENTS) || key.equals(io.hybridsr.core.stage.StageModels.SECTION)) {
        // stageModels: per-runner time models, read by StageModels.fromProfileJson.
        // calibrate's raw timings: a record of how the figures were obtained, not figures.
        continue;
      }
      if (v.isObject() && v.has("value")) {
        figures.put(key, figure(file, key, v));
      } else if (v.isObject()) {
        collect(file, key, v, figures, texts);
      } else if (v.isTextual()) {
        texts.put(key, v.textValue());
      } else if (v.isNumber() && key.equals("version")) {
        texts.put(key, v.asText());
      } else {
        throw new ProfileException(
            file,
            key,
            "a figure must be an object {\"value\", \"unit\", \"source\"}, not a bare "
                + v.getNodeType());
      }
    }
  }

  private static Figure figure(String file, String key, JsonNode v) {
    JsonNode value = v.get("value");
    if (!value.isNumber()) {
      throw new ProfileException(file, key, "value must be a number but was " + value);
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw new ProfileException(file, key, "value must be finite but was " + d);
    }
    if (d < 0) {
      throw new ProfileException(file, key, "value must not be negative but was " + d);
    }
    JsonNode source = v.get("source");
    if (source == null || !source.isTextual() || source.textValue().isBlank()) {
      throw new ProfileException(
          file, key, "source missing: every figure must say where it comes from");
    }
    JsonNode unit = v.get("unit");
    return new Figure(d, unit == null ? "" : unit.asText(), source.textValue());
  }

  /** Where this profile was read from (file path or resource). */
  public String file() {
    return file;
  }

  /** The profile's name (its {@code profile} key). */
  public String name() {
    return name;
  }

  /** The figure at a dotted key; a {@link ProfileException} when absent. */
  public Figure figure(String key) {
    Figure f = figures.get(key);
    if (f == null) {
      throw new ProfileException(file, key, "missing figure");
    }
    return f;
  }

  /** The value of the figure at a dotted key. */
  public double value(String key) {
    return figure(key).value();
  }

  /** A text entry (e.g. {@code edge.name}), or the fallback. */
  public String text(String key, String fallback) {
    return texts.getOrDefault(key, fallback);
  }

  /** Every figure, in file order. */
  public Map<String, Figure> figures() {
    return figures;
  }
}
