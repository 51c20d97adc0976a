package io.hybridsr.inference.stablesr;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A StableSR component exported as TorchScript ({@code model.pt}), run on DJL's PyTorch engine.
 *
 * <p>TorchScript has positional inputs and outputs and declares no signature, so the contract gives
 * the order: inputs are passed in the contract's order (a family such as {@code struct_cond.*}
 * expanded by index), outputs are named in the contract's order, a trailing family taking the rest;
 * each output's rank is checked on every call and a mismatch is refused with model, tensor,
 * expected and found, like the ONNX check at load time.
 *
 * <p>The PyTorch native library must come from the classpath (Maven profile {@code djl-native}),
 * never from a download: the engine is started with {@code offline=true}. Set {@code DJL_CACHE_DIR}
 * to where its ~430 MB of native files may be unpacked.
 */
public final class TorchScriptComponent implements ModelComponent, AutoCloseable {
  private final ModelContract contract;
  private final Path file;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;

  private TorchScriptComponent(ModelContract contract, Path file, ZooModel<NDList, NDList> model) {
    this.contract = contract;
    this.file = file;
    this.model = model;
    this.predictor = model.newPredictor();
  }

  /** Loads {@code file} on the PyTorch engine, offline. */
  public static TorchScriptComponent load(Path file, ModelContract contract) {
    // DJL reads this to decide whether it may download the native library: never here.
    if (System.getProperty("offline") == null) {
      System.setProperty("offline", "true");
    }
    try {
      Criteria<NDList, NDList> c =
          Criteria.builder()
              .setTypes(NDList.class, NDList.class)
              .optModelPath(file)
              .optEngine("PyTorch")
              .optTranslator(new NoopTranslator())
              .build();
      return new TorchScriptComponent(contract, file, c.loadModel());
    } catch (ModelNotFoundException | MalformedModelException | IOException e) {
      throw new IllegalStateException(
          contract.model() + ": cannot load TorchScript " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          contract.model()
              + ": DJL's PyTorch engine is not available to run "
              + file
              + " (build with -Pdjl-native to put the native library on the classpath): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public ModelContract contract() {
    return contract;
  }

  @Override
  public String describe() {
    return "torchscript " + file;
  }

  @Override
  public synchronized Map<String, ComponentTensor> run(Map<String, ComponentTensor> inputs)
      throws Exception {
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDList in = new NDList();
      for (TensorSpec spec : contract.inputs()) {
        for (String name : names(spec, inputs.keySet())) {
          ComponentTensor t = inputs.get(name);
          if (t == null && spec.optional()) {
            continue; // e.g. CFW's dec_w, given only to decoders that take it
          }
          if (t == null) {
            throw new IllegalArgumentException(
                contract.model() + ": input '" + name + "' not given");
          }
          in.add(toArray(m, spec, t));
        }
      }
      NDList out = predictor.predict(in);
      return outputs(out);
    }
  }

  private static List<String> names(TensorSpec spec, java.util.Set<String> given) {
    if (!spec.isFamily()) {
      return List.of(spec.name());
    }
    List<String> members = new ArrayList<>(given.stream().filter(spec::familyMember).toList());
    members.sort(
        java.util.Comparator.comparingInt(
            n -> Integer.parseInt(n.substring(n.lastIndexOf('.') + 1))));
    return members;
  }

  private static NDArray toArray(NDManager m, TensorSpec spec, ComponentTensor t) {
    Shape shape = new Shape(t.shape());
    if (spec.types().contains(ElementType.FLOAT32)) {
      return m.create(t.data(), shape);
    }
    long[] l = new long[t.data().length];
    for (int i = 0; i < l.length; i++) {
      l[i] = Math.round(t.data()[i]);
    }
    return m.create(l, shape);
  }

  private Map<String, ComponentTensor> outputs(NDList out) {
    Map<String, ComponentTensor> result = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int k = 0;
    for (TensorSpec spec : contract.outputs()) {
      int count = spec.isFamily() ? out.size() - k : 1;
      for (int j = 0; j < count && k < out.size(); j++, k++) {
        String name = spec.isFamily() ? spec.name().replace("*", String.valueOf(j)) : spec.name();
        NDArray a = out.get(k);
        long[] shape = a.getShape().getShape();
        if (shape.length != spec.rank()) {
          problems.add(
              contract.model()
                  + ": output '"
                  + name
                  + "' expected rank "
                  + spec.rank()
                  + ", found rank "
                  + shape.length
                  + " "
                  + java.util.Arrays.toString(shape));
        }
        result.put(
            name,
            new ComponentTensor(
                shape, a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()));
      }
      if (!spec.isFamily() && !result.containsKey(spec.name()) && !spec.optional()) {
        problems.add(
            contract.model()
                + ": output '"
                + spec.name()
                + "' expected, module returned only "
                + out.size()
                + " tensors");
      }
    }
    if (!problems.isEmpty()) {
      throw new io.hybridsr.inference.contract.ContractViolationException(
          file.toString(), problems);
    }
    return result;
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
