package io.hybridsr.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test helper: the default profile's JSON with figures replaced or removed. */
public final class TestProfiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestProfiles() {}

  /** The default profile's JSON tree. */
  public static ObjectNode defaultTree() {
    try (InputStream in = Profile.class.getResourceAsStream(Profile.DEFAULT_RESOURCE)) {
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets a figure's value at a dotted key (creating nothing: the key must exist). */
  public static void set(ObjectNode root, String key, double value) {
    ((ObjectNode) figure(root, key)).put("value", value);
  }

  /** Removes the figure at a dotted key. */
  public static void remove(ObjectNode root, String key) {
    int dot = key.lastIndexOf('.');
    ((ObjectNode) node(root, key.substring(0, dot))).remove(key.substring(dot + 1));
  }

  /** The default profile with some values replaced. */
  public static Profile with(Map<String, Double> values) {
    ObjectNode root = defaultTree();
    values.forEach((k, v) -> set(root, k, v));
    return parse("test.json", root);
  }

  public static Profile parse(String file, JsonNode root) {
    try {
      return Profile.parse(file, MAPPER.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode figure(JsonNode root, String key) {
    JsonNode n = node(root, key);
    if (n == null || !n.has("value")) {
      throw new IllegalArgumentException("no figure " + key);
    }
    return n;
  }

  private static JsonNode node(JsonNode root, String key) {
    JsonNode n = root;
    for (String part : key.split("\\.")) {
      n = n.get(part);
    }
    return n;
  }
}
