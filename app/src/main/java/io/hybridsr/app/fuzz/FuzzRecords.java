package io.hybridsr.app.fuzz;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a shuffled mix of good task records and bad ones of every kind the job must refuse: not
 * JSON, wrong types, missing and unknown fields, lambda out of range, zero, negative, huge and odd
 * sizes, empty, huge and control-character prompts, unknown devices and edges, duplicate task ids,
 * and oversized records.
 */
public final class FuzzRecords {
  /** One record to send: its bytes, whether the job must accept it, and what kind it is. */
  public record Item(String id, byte[] key, byte[] value, boolean good, String kind) {}

  public static final List<String> KNOWN_DEVICES =
      List.of("fuzz-dev-1", "fuzz-dev-2", "fuzz-dev-3");
  public static final List<String> KNOWN_EDGES = List.of("fuzz-edge-1", "fuzz-edge-2");

  private final Random r;
  private final int maxRecordBytes;

  public FuzzRecords(long seed, int maxRecordBytes) {
    this.r = new Random(seed);
    this.maxRecordBytes = maxRecordBytes;
  }

  /** {@code bad} bad records mixed with {@code good} good ones, shuffled. */
  public List<Item> generate(int bad, int good) {
    List<Item> items = new ArrayList<>(bad + good);
    List<Task> goodTasks = new ArrayList<>();
    for (int i = 0; i < good; i++) {
      Task t = goodTask("fz-good-" + i);
      goodTasks.add(t);
      items.add(new Item("g" + i, key(t), TaskJson.formatBytes(t), true, "good"));
    }
    for (int i = 0; i < bad; i++) {
      String id = "fz-bad-" + i;
      int kind = r.nextInt(KINDS.length);
      if (KINDS[kind].equals("duplicate task id") && goodTasks.isEmpty()) {
        kind = 0;
      }
      byte[] value = badValue(KINDS[kind], id, goodTasks);
      // Tasks are keyed by user, as producers should: a duplicate shares its original's partition
      // and so arrives after it.
      byte[] key = KINDS[kind].equals("duplicate task id") ? key(TaskJson.parse(value)) : null;
      items.add(new Item("b" + i, key, value, false, KINDS[kind]));
    }
    java.util.Collections.shuffle(items, r);
    return reorderDuplicates(items);
  }

  static final String[] KINDS = {
    "not JSON",
    "JSON but not an object",
    "wrong type",
    "missing field",
    "unknown field",
    "lambda out of range",
    "size zero",
    "size negative",
    "size huge",
    "size odd",
    "prompt empty",
    "prompt huge",
    "prompt control characters",
    "unknown device",
    "unknown edge",
    "device id not a topic name",
    "duplicate task id",
    "oversized record",
    "null fields",
    "truncated JSON"
  };

  private byte[] badValue(String kind, String id, List<Task> goods) {
    String dev = KNOWN_DEVICES.get(r.nextInt(KNOWN_DEVICES.size()));
    String edge = KNOWN_EDGES.get(r.nextInt(KNOWN_EDGES.size()));
    String json =
        switch (kind) {
          case "not JSON" -> randomText(1 + r.nextInt(80));
          case "JSON but not an object" -> r.nextBoolean() ? "[1,2,3]" : "\"a task\"";
          case "wrong type" -> task(id, dev, edge, "\"1024\"", "1024", "0.5", "\"a cat\"");
          case "missing field" ->
              "{\"taskId\":\""
                  + id
                  + "\",\"userId\":\"u\",\"deviceId\":\""
                  + dev
                  + "\",\"edgeId\":\""
                  + edge
                  + "\",\"targetWidth\":1024,\"lambda\":0.5,\"prompt\":\"p\"}";
          case "unknown field" ->
              task(id, dev, edge, "1024", "1024", "0.5", "\"p\"").replace("}", ",\"priority\":9}");
          case "lambda out of range" ->
              task(id, dev, edge, "1024", "1024", r.nextBoolean() ? "1.5" : "-0.1", "\"p\"");
          case "size zero" -> task(id, dev, edge, "0", "1024", "0.5", "\"p\"");
          case "size negative" -> task(id, dev, edge, "1024", "-512", "0.5", "\"p\"");
          case "size huge" -> task(id, dev, edge, "100000", "1024", "0.5", "\"p\"");
          case "size odd" -> task(id, dev, edge, "1023", "1024", "0.5", "\"p\"");
          case "prompt empty" -> task(id, dev, edge, "1024", "1024", "0.5", "\"  \"");
          case "prompt huge" ->
              task(id, dev, edge, "1024", "1024", "0.5", "\"" + "x".repeat(5000) + "\"");
          case "prompt control characters" ->
              task(id, dev, edge, "1024", "1024", "0.5", "\"a cat\\u0000\\u001b[31m\"");
          case "unknown device" ->
              task(id, "someone-elses-device", edge, "1024", "1024", "0.5", "\"p\"");
          case "unknown edge" -> task(id, dev, "edge-nowhere", "1024", "1024", "0.5", "\"p\"");
          case "device id not a topic name" ->
              task(id, "../../etc", edge, "1024", "1024", "0.5", "\"p\"");
          case "duplicate task id" -> TaskJson.format(goods.get(r.nextInt(goods.size())));
          case "oversized record" ->
              task(
                      id,
                      dev,
                      edge,
                      "1024",
                      "1024",
                      "0.5",
                      "\"" + "y".repeat(Math.min(1900, 100)) + "\"")
                  .replace("}", ",\"pad\":\"" + "z".repeat(maxRecordBytes) + "\"}");
          case "null fields" -> task(id, dev, edge, "null", "1024", "0.5", "null");
          case "truncated JSON" ->
              task(id, dev, edge, "1024", "1024", "0.5", "\"p\"").substring(0, 20 + r.nextInt(30));
          default -> throw new IllegalStateException(kind);
        };
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(Task t) {
    return t.userId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private Task goodTask(String id) {
    int[][] sizes = {{1280, 720}, {1920, 1080}, {2560, 1440}, {2048, 2048}, {1024, 1024}};
    int[] s = sizes[r.nextInt(sizes.length)];
    return new Task(
        id,
        "user" + r.nextInt(50),
        KNOWN_DEVICES.get(r.nextInt(KNOWN_DEVICES.size())),
        KNOWN_EDGES.get(r.nextInt(KNOWN_EDGES.size())),
        s[0],
        s[1],
        r.nextInt(101) / 100.0,
        "a photo of a lighthouse, variant " + r.nextInt(1000));
  }

  private static String task(
      String id, String dev, String edge, String w, String h, String lambda, String prompt) {
    return "{\"taskId\":\""
        + id
        + "\",\"userId\":\"u\",\"deviceId\":\""
        + dev
        + "\",\"edgeId\":\""
        + edge
        + "\",\"targetWidth\":"
        + w
        + ",\"targetHeight\":"
        + h
        + ",\"lambda\":"
        + lambda
        + ",\"prompt\":"
        + prompt
        + "}";
  }

  private String randomText(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) (32 + r.nextInt(95)));
    }
    String s = b.toString();
    return s.startsWith("{") || s.startsWith("[") || s.startsWith("\"") ? "~" + s : s;
  }

  /** Puts every good task before any duplicate of it, keeping the mix otherwise shuffled. */
  private static List<Item> reorderDuplicates(List<Item> items) {
    List<Item> out = new ArrayList<>(items.size());
    List<Item> duplicates = new ArrayList<>();
    for (Item i : items) {
      (i.kind().equals("duplicate task id") ? duplicates : out).add(i);
    }
    out.addAll(duplicates);
    return out;
  }
}
