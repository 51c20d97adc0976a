package io.hybridsr.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A profile as its JSON tree, for the fit: change figures by dotted key, keep every other key
 * (sections the models do not read, such as {@code stageModels} or {@code measurements}) as it is.
 */
public final class ProfileTree {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProfileTree() {}

  /** The tree of a profile file, or of the default profile when {@code file} is null. */
  public static ObjectNode read(Path file) {
    try {
      byte[] bytes;
      if (file == null) {
        try (InputStream in = Profile.class.getResourceAsStream(Profile.DEFAULT_RESOURCE)) {
          if (in == null) {
            throw new IllegalStateException(
                Profile.DEFAULT_RESOURCE + " missing from the class path");
          }
          bytes = in.readAllBytes();
        }
      } else {
        bytes = Files.readAllBytes(file);
      }
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new ProfileException(String.valueOf(file), "$", "must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file, e);
    }
  }

  /** The figure's value at a dotted key, or NaN when absent. */
  public static double value(ObjectNode root, String key) {
    JsonNode n = node(root, key);
    return n != null && n.has("value") ? n.get("value").asDouble() : Double.NaN;
  }

  /** The figure's source at a dotted key, or "" when absent. */
  public static String source(ObjectNode root, String key) {
    JsonNode n = node(root, key);
    return n != null && n.has("source") ? n.get("source").asText() : "";
  }

  /**
   * Sets a figure's value (creating it, with {@code unit} and {@code source}, when absent); a null
   * source keeps the existing one.
   */
  public static void set(ObjectNode root, String key, double value, String unit, String source) {
    String[] parts = key.split("\\.");
    ObjectNode at = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = at.get(parts[i]);
      if (next == null || !next.isObject()) {
        next = at.putObject(parts[i]);
      }
      at = (ObjectNode) next;
    }
    JsonNode existing = at.get(parts[parts.length - 1]);
    ObjectNode fig =
        existing != null && existing.isObject()
            ? (ObjectNode) existing
            : at.putObject(parts[parts.length - 1]);
    fig.put("value", value);
    if (!fig.has("unit") && unit != null) {
      fig.put("unit", unit);
    }
    if (source != null) {
      fig.put("source", source);
    } else if (!fig.has("source")) {
      fig.put("source", "set by the fit");
    }
  }

  /** Parses the tree into a checked profile. */
  public static Profile toProfile(String name, ObjectNode root) {
    try {
      return Profile.parse(name, MAPPER.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the tree as indented JSON, through a temporary file and a move: a reader (a job or demo
   * loading a cached profile) never sees half a file.
   */
  public static void write(ObjectNode root, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(root));
    java.nio.file.Files.move(
        tmp,
        abs,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonNode node(ObjectNode root, String key) {
    JsonNode n = root;
    for (String p : key.split("\\.")) {
      n = n == null ? null : n.get(p);
    }
    return n;
  }
}
