package io.hybridsr.inference.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of checking one model's declared inputs and outputs against its {@link ModelContract}:
 * the problems found (empty when it matches), the detected float precision, and the members of each
 * numbered family in index order.
 *
 * <p>Checked once at load time; the runners then rely on the names without further checks.
 *
 * <pre>{@code
 * ContractCheck c = ContractCheck.of(SdxlContract.UNET, ins, outs);
 * c.orThrow("models/sdxl/unet/model.onnx");
 * }</pre>
 */
public final class ContractCheck {
  private static final java.util.Set<ElementType> FLOAT_TYPES =
      java.util.EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16);

  private final ModelContract contract;
  private final List<String> problems;
  private final ElementType precision;
  private final Map<String, List<String>> families;
  private final Map<String, String> forms;

  private ContractCheck(
      ModelContract contract,
      List<String> problems,
      ElementType precision,
      Map<String, List<String>> families,
      Map<String, String> forms) {
    this.contract = contract;
    this.problems = List.copyOf(problems);
    this.precision = precision;
    this.families = families;
    this.forms = forms;
  }

  /** Checks the declared inputs and outputs of a model against {@code contract}. */
  public static ContractCheck of(
      ModelContract contract, List<ObservedTensor> inputs, List<ObservedTensor> outputs) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> families = new TreeMap<>();
    List<ElementType> floats = new ArrayList<>();
    checkSide(contract.model(), "input", contract.inputs(), inputs, problems, families, floats);
    checkSide(contract.model(), "output", contract.outputs(), outputs, problems, families, floats);
    ElementType precision = floats.isEmpty() ? ElementType.FLOAT32 : floats.get(0);
    if (floats.stream().distinct().count() > 1) {
      problems.add(
          contract.model()
              + ": float tensors mix float32 and float16; an export must use one precision");
    }
    // Where the contract lets the export choose (timestep type and rank, input_ids type), say
    // which.
    Map<String, String> forms = new java.util.LinkedHashMap<>();
    for (TensorSpec spec : contract.inputs()) {
      if (!spec.isFamily() && spec.hasForms()) {
        inputs.stream()
            .filter(o -> o.name().equals(spec.name()) && o.type() != null)
            .findFirst()
            .ifPresent(o -> forms.put(o.name(), formOf(spec, o)));
      }
    }
    return new ContractCheck(contract, problems, precision, families, forms);
  }

  private static void checkSide(
      String model,
      String side,
      List<TensorSpec> specs,
      List<ObservedTensor> observed,
      List<String> problems,
      Map<String, List<String>> families,
      List<ElementType> floats) {
    Map<String, ObservedTensor> byName = new TreeMap<>();
    observed.forEach(o -> byName.put(o.name(), o));
    for (TensorSpec spec : specs) {
      if (spec.isFamily()) {
        List<ObservedTensor> members =
            observed.stream()
                .filter(o -> spec.familyMember(o.name()))
                .sorted(Comparator.comparingInt(o -> familyIndex(o.name())))
                .toList();
        if (members.size() < spec.minCount() && !spec.optional()) {
          problems.add(
              model
                  + ": "
                  + side
                  + " family '"
                  + spec.name()
                  + "' expected at least "
                  + spec.minCount()
                  + " tensors, found "
                  + members.size()
                  + " ("
                  + side
                  + "s present: "
                  + byName.keySet()
                  + ")");
        }
        for (ObservedTensor m : members) {
          checkOne(model, side, spec, m, problems, floats);
        }
        families.put(spec.name(), members.stream().map(ObservedTensor::name).toList());
        continue;
      }
      ObservedTensor o = byName.get(spec.name());
      if (o == null) {
        if (!spec.optional()) {
          problems.add(
              model
                  + ": "
                  + side
                  + " '"
                  + spec.name()
                  + "' expected ("
                  + spec.describe()
                  + "), not found; "
                  + side
                  + "s present: "
                  + byName.keySet());
        }
        continue;
      }
      checkOne(model, side, spec, o, problems, floats);
    }
    if (side.equals("input")) {
      // An input the contract does not know would be left unfed: refuse it by name.
      for (ObservedTensor o : observed) {
        boolean known =
            specs.stream()
                .anyMatch(s -> s.isFamily() ? s.familyMember(o.name()) : s.name().equals(o.name()));
        if (!known) {
          problems.add(
              model
                  + ": input '"
                  + o.name()
                  + "' is not in the contract (expected inputs: "
                  + specs.stream().map(TensorSpec::name).toList()
                  + ")");
        }
      }
    }
  }

  private static void checkOne(
      String model,
      String side,
      TensorSpec spec,
      ObservedTensor o,
      List<String> problems,
      List<ElementType> floats) {
    if (o.type() == null || !spec.types().contains(o.type())) {
      problems.add(
          model
              + ": "
              + side
              + " '"
              + o.name()
              + "' expected element type "
              + spec.types().stream().map(ElementType::onnxName).sorted().toList()
              + ", found "
              + o.typeName());
    } else if (o.type().isFloat() && spec.types().equals(FLOAT_TYPES)) {
      // Only pure float tensors decide precision; a timestep may be float32 in a float16 export.
      floats.add(o.type());
    }
    if (!spec.acceptsRank(o.rank())) {
      String ranks =
          spec.otherRanks().isEmpty()
              ? "rank " + spec.rank()
              : "rank "
                  + spec.rank()
                  + spec.otherRanks().stream()
                      .sorted()
                      .map(r -> " or " + r)
                      .reduce("", String::concat);
      problems.add(
          model
              + ": "
              + side
              + " '"
              + o.name()
              + "' expected "
              + ranks
              + ", found rank "
              + o.rank()
              + " "
              + Arrays.toString(o.shape()));
      return;
    }
    if (o.rank() != spec.rank()) {
      return; // an alternative rank: the fixed sizes belong to the main one
    }
    for (int i = 0; i < spec.rank(); i++) {
      long want = spec.fixedDims()[i];
      long got = o.shape()[i];
      // A dynamic axis (-1) in the file is accepted where the contract fixes a size: it will
      // receive that size at run time.
      if (want > 0 && got > 0 && got != want) {
        problems.add(
            model
                + ": "
                + side
                + " '"
                + o.name()
                + "' expected dim "
                + i
                + " = "
                + want
                + ", found "
                + got
                + " in "
                + Arrays.toString(o.shape()));
      }
    }
  }

  static int familyIndex(String name) {
    return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public List<String> problems() {
    return problems;
  }

  /** float32 or float16: the type every float tensor of the model uses. */
  public ElementType precision() {
    return precision;
  }

  /** Members of a family such as {@code hidden_states.*}, by increasing index. */
  public List<String> family(String familyName) {
    return families.getOrDefault(familyName, List.of());
  }

  public ModelContract contract() {
    return contract;
  }

  /**
   * The form an input was found in, for inputs whose type or rank the contract leaves open, e.g.
   * {@code "float32 scalar"} or {@code "int64 [batch]"}; null for other inputs.
   */
  public String form(String input) {
    return forms.get(input);
  }

  /** Every open input's form, in contract order ({@link #form}). */
  public Map<String, String> forms() {
    return java.util.Collections.unmodifiableMap(forms);
  }

  /**
   * How an input with a choice was found: its element type, and where the contract accepts more
   * than one rank, {@code scalar} (rank 0), {@code vector} (rank 1) or {@code rank N}.
   */
  static String formOf(TensorSpec spec, ObservedTensor o) {
    String type = o.type().name().toLowerCase(java.util.Locale.ROOT);
    if (spec.otherRanks().isEmpty()) {
      return type;
    }
    return type + " " + (o.rank() == 0 ? "scalar" : o.rank() == 1 ? "vector" : "rank " + o.rank());
  }

  /** Throws {@link ContractViolationException} naming {@code modelPath} unless the check passed. */
  public ContractCheck orThrow(String modelPath) {
    if (!ok()) {
      throw new ContractViolationException(modelPath, problems);
    }
    return this;
  }

  /**
   * One line for listings: {@code ok (float16)}, with the forms of open inputs ({@code ok (float32;
   * timestep float32 scalar)}), or the first problem and a count.
   */
  public String summary() {
    if (ok()) {
      StringBuilder s =
          new StringBuilder("ok (").append(precision.name().toLowerCase(java.util.Locale.ROOT));
      forms.forEach((name, form) -> s.append("; ").append(name).append(' ').append(form));
      return s.append(')').toString();
    }
    return "MISMATCH: "
        + problems.get(0)
        + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
  }
}
