package io.hybridsr.core.task;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON wire form of a {@link Task}, shared by Kafka serdes and the CLI.
 *
 * <p>Strict on purpose: unknown fields, missing fields and wrong types are refused with a {@link
 * TaskValidationException} naming the field, so a producer's typo is caught at the edge instead of
 * silently defaulting.
 *
 * <pre>{@code
 * Task t = TaskJson.parse(bytes);          // throws TaskValidationException(field, reason)
 * byte[] out = TaskJson.formatBytes(t);
 * }</pre>
 */
public final class TaskJson {
  /** The fields, in the order they are written. */
  public static final List<String> FIELDS =
      List.of(
          "taskId",
          "userId",
          "deviceId",
          "edgeId",
          "targetWidth",
          "targetHeight",
          "lambda",
          "prompt");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TaskJson() {}

  /** Parses UTF-8 JSON bytes into a validated task. */
  public static Task parse(byte[] json) {
    if (json == null) {
      throw new TaskValidationException("$", "no data (null record)");
    }
    return parse(new String(json, StandardCharsets.UTF_8));
  }

  /** Parses a JSON string into a validated task. */
  public static Task parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonParseException e) {
      throw new TaskValidationException("$", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new TaskValidationException("$", "unreadable JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new TaskValidationException("$", "must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new TaskValidationException(name, "unknown field (allowed: " + FIELDS + ")");
      }
    }
    return new Task(
        text(root, "taskId"),
        text(root, "userId"),
        text(root, "deviceId"),
        text(root, "edgeId"),
        integer(root, "targetWidth"),
        integer(root, "targetHeight"),
        number(root, "lambda"),
        text(root, "prompt"));
  }

  /** The task as a compact JSON string. */
  public static String format(Task task) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("taskId", task.taskId());
    n.put("userId", task.userId());
    n.put("deviceId", task.deviceId());
    n.put("edgeId", task.edgeId());
    n.put("targetWidth", task.targetWidth());
    n.put("targetHeight", task.targetHeight());
    n.put("lambda", task.lambda());
    n.put("prompt", task.prompt());
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of strings and numbers", e);
    }
  }

  /** The task as UTF-8 JSON bytes. */
  public static byte[] formatBytes(Task task) {
    return format(task).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      throw new TaskValidationException(field, "is required");
    }
    return v;
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = required(root, field);
    if (!v.isTextual()) {
      throw new TaskValidationException(field, "must be a string but was " + v.getNodeType());
    }
    return v.textValue();
  }

  private static int integer(JsonNode root, String field) {
    JsonNode v = required(root, field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new TaskValidationException(field, "must be an integer number of pixels but was " + v);
    }
    return v.intValue();
  }

  private static double number(JsonNode root, String field) {
    JsonNode v = required(root, field);
    if (!v.isNumber()) {
      throw new TaskValidationException(field, "must be a number but was " + v);
    }
    return v.doubleValue();
  }
}
