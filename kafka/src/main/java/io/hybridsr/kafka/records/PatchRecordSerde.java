package io.hybridsr.kafka.records;

import static io.hybridsr.kafka.records.PatchHeaders.*;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Patch records as Kafka values: the payload bytes alone, everything else in headers.
 *
 * <p>Headers keep the value a plain PNG that any tool can save and open, and let a consumer route
 * or skip a patch without decoding its pixels. A record missing a header, or with one that does not
 * parse, is refused with the header's name.
 */
public final class PatchRecordSerde {
  private PatchRecordSerde() {}

  public static void writeHeaders(PatchRecord r, Headers h) {
    put(h, TASK_ID, r.taskId());
    put(h, USER_ID, r.userId() == null ? "" : r.userId());
    put(h, DEVICE_ID, r.deviceId() == null ? "" : r.deviceId());
    put(h, PATCH_INDEX, r.patchIndex());
    put(h, PATCH_COUNT, r.patchCount());
    put(h, GRID_ROW, r.gridRow());
    put(h, GRID_COL, r.gridCol());
    put(h, GRID_SIZE, r.gridSize());
    put(h, X, r.x());
    put(h, Y, r.y());
    put(h, WIDTH, r.width());
    put(h, HEIGHT, r.height());
    put(h, OVERLAP, r.overlap());
    put(h, GENERATION_WIDTH, r.generationWidth());
    put(h, GENERATION_HEIGHT, r.generationHeight());
    put(h, TARGET_WIDTH, r.targetWidth());
    put(h, TARGET_HEIGHT, r.targetHeight());
    put(h, ROLE, r.role().name());
    put(h, SCALE, r.scale());
    put(h, STEPS, r.steps());
    put(h, ENCODING, r.encoding().name());
    put(h, TASK_RECEIVED_AT, r.taskReceivedAtMs());
    put(h, CREATED_AT, r.createdAtMs());
    put(h, GENERATION_MILLIS, r.generationMillis());
    put(h, EDGE_SR_MILLIS, r.edgeSrMillis());
    put(h, PREDICTED, r.predicted());
    put(h, EDGE_WAIT_MILLIS, r.edgeWaitMillis());
  }

  public static PatchRecord read(Headers h, byte[] value) {
    if (value == null) {
      throw new MalformedPatchException("value", "patch record has no payload");
    }
    try {
      return new PatchRecord(
          str(h, TASK_ID),
          str(h, USER_ID),
          str(h, DEVICE_ID),
          integer(h, PATCH_INDEX),
          integer(h, PATCH_COUNT),
          integer(h, GRID_ROW),
          integer(h, GRID_COL),
          integer(h, GRID_SIZE),
          integer(h, X),
          integer(h, Y),
          integer(h, WIDTH),
          integer(h, HEIGHT),
          integer(h, OVERLAP),
          integer(h, GENERATION_WIDTH),
          integer(h, GENERATION_HEIGHT),
          integer(h, TARGET_WIDTH),
          integer(h, TARGET_HEIGHT),
          enumOf(h, ROLE, PatchRole.class),
          integer(h, SCALE),
          integer(h, STEPS),
          enumOf(h, ENCODING, PayloadEncoding.class),
          longOf(h, TASK_RECEIVED_AT),
          longOf(h, CREATED_AT),
          longOf(h, GENERATION_MILLIS),
          longOf(h, EDGE_SR_MILLIS),
          str(h, PREDICTED),
          value,
          h.lastHeader(EDGE_WAIT_MILLIS) == null ? 0L : longOf(h, EDGE_WAIT_MILLIS));
    } catch (IllegalArgumentException e) {
      if (e instanceof MalformedPatchException) {
        throw e;
      }
      throw new MalformedPatchException("record", e.getMessage());
    }
  }

  /** A Kafka serializer that fills the headers; use it where the producer gives them. */
  public static final class KafkaSerializer implements Serializer<PatchRecord> {
    @Override
    public byte[] serialize(String topic, PatchRecord data) {
      throw new UnsupportedOperationException(
          "patch records need headers: use serialize(topic, headers, data)");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, PatchRecord data) {
      writeHeaders(data, headers);
      return data.payload();
    }
  }

  /** The matching deserializer. */
  public static final class KafkaDeserializer implements Deserializer<PatchRecord> {
    @Override
    public PatchRecord deserialize(String topic, byte[] data) {
      throw new UnsupportedOperationException(
          "patch records need headers: use deserialize(topic, headers, data)");
    }

    @Override
    public PatchRecord deserialize(String topic, Headers headers, byte[] data) {
      return read(headers, data);
    }
  }

  private static void put(Headers h, String key, String v) {
    h.remove(key);
    h.add(key, v.getBytes(StandardCharsets.UTF_8));
  }

  private static void put(Headers h, String key, long v) {
    put(h, key, Long.toString(v));
  }

  private static String str(Headers h, String key) {
    Header header = h.lastHeader(key);
    if (header == null || header.value() == null) {
      throw new MalformedPatchException(key, "missing header " + key);
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int integer(Headers h, String key) {
    String s = str(h, key);
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new MalformedPatchException(key, "header " + key + " is not an integer: '" + s + "'");
    }
  }

  private static long longOf(Headers h, String key) {
    String s = str(h, key);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new MalformedPatchException(key, "header " + key + " is not an integer: '" + s + "'");
    }
  }

  private static <E extends Enum<E>> E enumOf(Headers h, String key, Class<E> type) {
    String s = str(h, key);
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw new MalformedPatchException(key, "header " + key + " has unknown value '" + s + "'");
    }
  }
}
