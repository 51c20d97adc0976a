package io.hybridsr.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskJsonTest {
  private static final String VALID =
      "{\"taskId\":\"t1\",\"userId\":\"u1\",\"deviceId\":\"d1\",\"edgeId\":\"e0\","
          + "\"targetWidth\":1920,\"targetHeight\":1080,\"lambda\":0.3,\"prompt\":\"a red fox\"}";

  private static TaskValidationException refused(String json) {
    return assertThrows(TaskValidationException.class, () -> TaskJson.parse(json));
  }

  private static String with(String field, String jsonValue) {
    return VALID.replaceFirst(
        "\"" + field + "\":(\"[^\"]*\"|[0-9.\\-]+)", "\"" + field + "\":" + jsonValue);
  }

  @Test
  void shouldParseAndFormatRoundTrip() {
    Task t = TaskJson.parse(VALID.getBytes(StandardCharsets.UTF_8));
    assertEquals(new Task("t1", "u1", "d1", "e0", 1920, 1080, 0.3, "a red fox"), t);
    assertEquals(t, TaskJson.parse(TaskJson.formatBytes(t)));
  }

  @Test
  void shouldRefuseLambdaOutsideUnitInterval() {
    TaskValidationException e = refused(with("lambda", "1.5"));
    assertEquals("lambda", e.field());
    assertTrue(e.reason().contains("[0, 1]"), e.reason());
    assertEquals("lambda", refused(with("lambda", "-0.1")).field());
  }

  @Test
  void shouldRefuseZeroNegativeAndUnsupportedSizes() {
    TaskValidationException zero = refused(with("targetWidth", "0"));
    assertEquals("targetWidth", zero.field());
    assertTrue(zero.reason().contains("positive"), zero.reason());
    assertEquals("targetHeight", refused(with("targetHeight", "-720")).field());
    TaskValidationException odd = refused(with("targetWidth", "1921"));
    assertTrue(odd.reason().contains("multiple of 8"), odd.reason());
    TaskValidationException huge = refused(with("targetHeight", "8192"));
    assertTrue(huge.reason().contains("unsupported size"), huge.reason());
    assertEquals("targetWidth", refused(with("targetWidth", "64")).field());
  }

  @Test
  void shouldRefuseEmptyAndOversizedPrompts() {
    assertEquals("prompt", refused(with("prompt", "\"  \"")).field());
    String longPrompt = "\"" + "x".repeat(Task.MAX_PROMPT_CHARS + 1) + "\"";
    TaskValidationException e = refused(with("prompt", longPrompt));
    assertEquals("prompt", e.field());
    assertTrue(e.reason().contains("at most"), e.reason());
  }

  @Test
  void shouldRefuseUnknownMissingAndMistypedFields() {
    TaskValidationException unknown = refused(VALID.replace("}", ",\"lamda\":0.2}"));
    assertEquals("lamda", unknown.field());
    assertTrue(unknown.reason().contains("unknown field"), unknown.reason());
    TaskValidationException missing = refused(VALID.replace("\"edgeId\":\"e0\",", ""));
    assertEquals("edgeId", missing.field());
    assertEquals("is required", missing.reason());
    assertEquals("targetWidth", refused(with("targetWidth", "\"1920\"")).field());
    assertEquals("lambda", refused(with("lambda", "\"high\"")).field());
  }

  @Test
  void shouldRefuseMalformedDocuments() {
    assertEquals("$", refused("{\"taskId\":").field());
    assertEquals("$", refused("[1,2]").field());
    assertEquals(
        "$",
        assertThrows(TaskValidationException.class, () -> TaskJson.parse((byte[]) null)).field());
  }

  @Test
  void shouldValidateRecordsBuiltInCode() {
    TaskValidationException e =
        assertThrows(
            TaskValidationException.class, () -> new Task("t", "u", "d", "", 1280, 720, 0.5, "p"));
    assertEquals("edgeId", e.field());
    assertTrue(e.getMessage().contains("edgeId"));
  }
}
