package io.hybridsr.inference.ncnn;

import java.util.List;
import java.util.Map;

/**
 * One line of an ncnn {@code .param} graph: a layer, its input and output blobs, its parameters.
 *
 * <p>Parameters are kept as written: scalar keys map to numbers, array keys (written as {@code
 * -233xx}) are stored under their id xx as float arrays (count removed).
 */
public record NcnnLayer(
    String type,
    String name,
    List<String> inputs,
    List<String> outputs,
    Map<Integer, Double> scalars,
    Map<Integer, float[]> arrays,
    int line) {

  public NcnnLayer {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    scalars = Map.copyOf(scalars);
    arrays = Map.copyOf(arrays);
  }

  public int intParam(int key, int dflt) {
    Double v = scalars.get(key);
    return v == null ? dflt : (int) Math.round(v);
  }

  public double doubleParam(int key, double dflt) {
    Double v = scalars.get(key);
    return v == null ? dflt : v;
  }

  public float[] arrayParam(int key) {
    return arrays.get(key);
  }
}
