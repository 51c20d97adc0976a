package io.hybridsr.inference.realesrgan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime settings for measuring a Real-ESRGAN session, beyond what the runner needs: a
 * per-operator profile and extra session entries (e.g. {@code session.intra_op.allow_spinning=0}).
 * Benchmarks set them from their flags ({@code bench sr --ort-profile/--ort-config}); runners use
 * {@link #NONE}. Sessions with different tuning are never shared.
 *
 * @param profilePrefix where ONNX Runtime writes its Chrome-trace profile when the session closes
 *     (a file prefix); null for none
 * @param config extra session configuration entries, in order
 */
public record SessionTuning(String profilePrefix, Map<String, String> config) {
  public static final SessionTuning NONE = new SessionTuning(null, Map.of());

  public SessionTuning {
    profilePrefix = profilePrefix == null || profilePrefix.isBlank() ? null : profilePrefix;
    config = Map.copyOf(config);
  }

  /**
   * From a profile prefix (null or blank: none) and {@code key=value,...} (null or blank: none).
   */
  public static SessionTuning parse(String profilePrefix, String config) {
    Map<String, String> m = new LinkedHashMap<>();
    if (config != null && !config.isBlank()) {
      for (String kv : config.split(",")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "ONNX Runtime session entry: expected key=value, got '" + kv + "'");
        }
        m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
      }
    }
    return new SessionTuning(profilePrefix, m);
  }
}
