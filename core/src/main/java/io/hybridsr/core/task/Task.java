package io.hybridsr.core.task;

/**
 * One user's text-to-image request q_k = {R~_k, lambda_k, p_k} plus the routing ids the system
 * needs (paper, section III-A2).
 *
 * <p>Validated on construction (see {@link #MIN_SIDE}, {@link #MAX_SIDE}, {@link #SIDE_MULTIPLE},
 * {@link #MAX_PROMPT_CHARS}) so no component downstream handles a bad task.
 *
 * <pre>{@code
 * Task t = new Task("t-1", "alice", "phone-1", "edge-0", 1920, 1080, 0.3, "a red fox in snow");
 * }</pre>
 *
 * @param taskId unique id of this request
 * @param userId the user k
 * @param deviceId the user's device, which runs the background SR and stitches
 * @param edgeId the edge server that generates the image
 * @param targetWidth target width of R~ in pixels
 * @param targetHeight target height of R~ in pixels
 * @param lambda the user's weight on latency against quality, in [0, 1]
 * @param prompt the text prompt
 */
public record Task(
    String taskId,
    String userId,
    String deviceId,
    String edgeId,
    int targetWidth,
    int targetHeight,
    double lambda,
    String prompt) {

  /** Smallest supported target side: below it a 4x4 patch grid has patches under 32 px. */
  public static final int MIN_SIDE = 128;

  /** Largest supported target side: 4K-class output, beyond what the models are profiled for. */
  public static final int MAX_SIDE = 4096;

  /** Sides must be multiples of 8: the VAE works on 8x8 pixel blocks. */
  public static final int SIDE_MULTIPLE = 8;

  /** Longest prompt accepted; SDXL's text encoders read 77 tokens, far fewer characters. */
  public static final int MAX_PROMPT_CHARS = 2000;

  /** Longest id accepted (ids become Kafka keys and file names). */
  public static final int MAX_ID_CHARS = 128;

  public Task {
    requireId("taskId", taskId);
    requireId("userId", userId);
    requireId("deviceId", deviceId);
    requireId("edgeId", edgeId);
    requireSide("targetWidth", targetWidth);
    requireSide("targetHeight", targetHeight);
    if (Double.isNaN(lambda) || lambda < 0.0 || lambda > 1.0) {
      throw new TaskValidationException("lambda", "must be in [0, 1] but was " + lambda);
    }
    if (prompt == null || prompt.isBlank()) {
      throw new TaskValidationException("prompt", "must not be empty");
    }
    if (prompt.length() > MAX_PROMPT_CHARS) {
      throw new TaskValidationException(
          "prompt",
          "must be at most " + MAX_PROMPT_CHARS + " characters but has " + prompt.length());
    }
    for (int i = 0; i < prompt.length(); i++) {
      char c = prompt.charAt(i);
      // Control characters are never meant text; they would also reach logs and file names.
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new TaskValidationException(
            "prompt", String.format("contains control character U+%04X at index %d", (int) c, i));
      }
    }
  }

  /** Target pixel count |R~|. */
  public long targetPixels() {
    return (long) targetWidth * targetHeight;
  }

  private static void requireId(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new TaskValidationException(field, "must not be empty");
    }
    if (value.length() > MAX_ID_CHARS) {
      throw new TaskValidationException(
          field, "must be at most " + MAX_ID_CHARS + " characters but has " + value.length());
    }
  }

  private static void requireSide(String field, int side) {
    if (side <= 0) {
      throw new TaskValidationException(field, "must be positive but was " + side);
    }
    if (side < MIN_SIDE || side > MAX_SIDE) {
      throw new TaskValidationException(
          field,
          "unsupported size " + side + ": must be in [" + MIN_SIDE + ", " + MAX_SIDE + "] pixels");
    }
    if (side % SIDE_MULTIPLE != 0) {
      throw new TaskValidationException(
          field, "unsupported size " + side + ": must be a multiple of " + SIDE_MULTIPLE);
    }
  }
}
