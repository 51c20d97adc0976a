package io.hybridsr.inference.quant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's per-operator profile (the Chrome-trace JSON that {@code enableProfiling} writes),
 * summed by operator type: how many kernels of each type ran and for how long.
 *
 * <p>Why: whether the int8 graph really runs integer convolutions is decided inside ONNX Runtime's
 * optimiser; the profile is where that shows (QLinearConv, not Conv, and no float fallback), so
 * tests and {@code bench sr} read it rather than trusting the graph we wrote.
 */
public record OrtProfile(Map<String, Long> calls, Map<String, Long> micros) {
  // one event per line: {"cat" : "Node", ..., "dur" : 123, ..., "name" : "x_kernel_time", "args" :
  // {"op_name" : "Conv", ...}}
  private static final Pattern KERNEL =
      Pattern.compile(
          "\"cat\"\\s*:\\s*\"Node\".*?\"dur\"\\s*:\\s*(\\d+).*?\"name\"\\s*:\\s*\"[^\"]*_kernel_time\".*?\"op_name\"\\s*:\\s*\"([^\"]+)\"");

  /** Reads a profile file. */
  public static OrtProfile read(Path json) {
    try {
      return parse(Files.readString(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX Runtime profile " + json, e);
    }
  }

  static OrtProfile parse(String json) {
    Map<String, Long> calls = new TreeMap<>();
    Map<String, Long> micros = new TreeMap<>();
    for (String line : json.split("\n")) {
      Matcher m = KERNEL.matcher(line);
      if (m.find()) {
        calls.merge(m.group(2), 1L, Long::sum);
        micros.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
      }
    }
    return new OrtProfile(calls, micros);
  }

  /** Kernel runs of operator type {@code op} (0 if none). */
  public long calls(String op) {
    return calls.getOrDefault(op, 0L);
  }

  /** One line per operator type, slowest first: type, runs, milliseconds. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    micros.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                sb.append(
                    String.format(
                        java.util.Locale.ROOT,
                        "  %-28s %6d runs %10.1f ms%n",
                        e.getKey(),
                        calls.get(e.getKey()),
                        e.getValue() / 1000.0)));
    return sb.toString();
  }
}
