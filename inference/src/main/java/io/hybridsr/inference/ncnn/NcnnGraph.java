package io.hybridsr.inference.ncnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed ncnn {@code .param} graph: magic 7767517, layer and blob counts, one layer a line.
 *
 * <p>Parsing is separate from conversion so that the FLOP count and the layer check can run without
 * the weights.
 */
public record NcnnGraph(Path file, List<NcnnLayer> layers) {
  public static final int MAGIC = 7767517;

  public NcnnGraph {
    layers = List.copyOf(layers);
  }

  /** Reads and checks {@code file}; any structural fault names the file and the line. */
  public static NcnnGraph read(Path file) throws NcnnFormatException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new NcnnFormatException(file, "not a text ncnn .param file (binary content)");
    } catch (IOException e) {
      throw new NcnnFormatException(file, "cannot read: " + e);
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals(Integer.toString(MAGIC))) {
      throw new NcnnFormatException(
          file,
          "line 1: expected the ncnn magic number "
              + MAGIC
              + ", found '"
              + (lines.isEmpty() ? "" : abbreviate(lines.get(0)))
              + "'");
    }
    if (lines.size() < 2) {
      throw new NcnnFormatException(file, "line 2: missing layer and blob counts");
    }
    String[] counts = lines.get(1).strip().split("\\s+");
    int layerCount;
    try {
      layerCount = Integer.parseInt(counts[0]);
      if (counts.length != 2) {
        throw new NumberFormatException();
      }
      Integer.parseInt(counts[1]);
    } catch (NumberFormatException e) {
      throw new NcnnFormatException(
          file,
          "line 2: expected '<layer count> <blob count>', found '"
              + abbreviate(lines.get(1))
              + "'");
    }
    List<NcnnLayer> layers = new ArrayList<>();
    for (int i = 2; i < lines.size(); i++) {
      String ln = lines.get(i).strip();
      if (ln.isEmpty()) {
        continue;
      }
      layers.add(parseLayer(file, ln, i + 1));
    }
    if (layers.size() != layerCount) {
      throw new NcnnFormatException(
          file,
          "header promises "
              + layerCount
              + " layers, the file has "
              + layers.size()
              + " (truncated or edited?)");
    }
    return new NcnnGraph(file, layers);
  }

  private static NcnnLayer parseLayer(Path file, String ln, int lineNo) throws NcnnFormatException {
    String[] t = ln.split("\\s+");
    if (t.length < 4) {
      throw new NcnnFormatException(
          file,
          "line "
              + lineNo
              + ": a layer needs type, name, input and output counts: '"
              + abbreviate(ln)
              + "'");
    }
    int nin;
    int nout;
    try {
      nin = Integer.parseInt(t[2]);
      nout = Integer.parseInt(t[3]);
    } catch (NumberFormatException e) {
      throw new NcnnFormatException(
          file, "line " + lineNo + ": bad blob counts in '" + abbreviate(ln) + "'");
    }
    if (nin < 0 || nout < 0 || t.length < 4 + nin + nout) {
      throw new NcnnFormatException(
          file,
          "line "
              + lineNo
              + ": layer "
              + t[1]
              + " lists fewer blobs than its counts "
              + nin
              + " "
              + nout);
    }
    List<String> ins = List.of(t).subList(4, 4 + nin);
    List<String> outs = List.of(t).subList(4 + nin, 4 + nin + nout);
    Map<Integer, Double> scalars = new HashMap<>();
    Map<Integer, float[]> arrays = new HashMap<>();
    for (int k = 4 + nin + nout; k < t.length; k++) {
      String kv = t[k];
      int eq = kv.indexOf('=');
      try {
        if (eq <= 0) {
          throw new NumberFormatException();
        }
        int key = Integer.parseInt(kv.substring(0, eq));
        String v = kv.substring(eq + 1);
        if (key <= -23300) {
          String[] parts = v.split(",");
          int n = Integer.parseInt(parts[0]);
          if (n != parts.length - 1) {
            throw new NcnnFormatException(
                file,
                "line "
                    + lineNo
                    + ": layer "
                    + t[1]
                    + " array parameter "
                    + key
                    + " says "
                    + n
                    + " values, has "
                    + (parts.length - 1));
          }
          float[] a = new float[n];
          for (int j = 0; j < n; j++) {
            a[j] = Float.parseFloat(parts[j + 1]);
          }
          arrays.put(-key - 23300, a);
        } else {
          scalars.put(key, Double.parseDouble(v));
        }
      } catch (NumberFormatException e) {
        throw new NcnnFormatException(
            file, "line " + lineNo + ": layer " + t[1] + " has a malformed parameter '" + kv + "'");
      }
    }
    return new NcnnLayer(t[0], t[1], ins, outs, scalars, arrays, lineNo);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
