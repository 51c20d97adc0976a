package io.hybridsr.inference.contract;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one named input or output of a model must look like: rank, accepted element types, and the
 * few sizes that are fixed by the architecture (e.g. 4 latent channels, 6 SDXL time ids).
 *
 * <p>A name ending in {@code .*} is a numbered family ({@code hidden_states.0}, {@code
 * hidden_states.1}, ...): Optimum writes one output per layer, and their count depends on the model
 * depth, so the contract requires at least {@code minCount} members, all alike.
 *
 * <p>Float tensors list both FLOAT32 and FLOAT16: the loader then requires that all float tensors
 * of one model agree, and that is how a model's precision is detected.
 */
public record TensorSpec(
    String name,
    int rank,
    Set<ElementType> types,
    long[] fixedDims,
    boolean optional,
    int minCount,
    Set<Integer> otherRanks) {

  public TensorSpec {
    Objects.requireNonNull(name, "name");
    types = Set.copyOf(types);
    otherRanks = otherRanks == null ? Set.of() : Set.copyOf(otherRanks);
    fixedDims = fixedDims == null ? new long[rank] : fixedDims.clone();
    if (fixedDims.length != rank) {
      throw new IllegalArgumentException(
          name + ": fixedDims length " + fixedDims.length + " != rank " + rank);
    }
  }

  /** A required float tensor (float32 or float16) of the given rank; all sizes dynamic. */
  public static TensorSpec floats(String name, int rank) {
    return new TensorSpec(
        name, rank, EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16), null, false, 1, null);
  }

  /** A required tensor of the given rank and exact element types. */
  public static TensorSpec of(String name, int rank, ElementType first, ElementType... more) {
    return new TensorSpec(name, rank, EnumSet.of(first, more), null, false, 1, null);
  }

  /** The same spec with dimension {@code axis} fixed to {@code size}. */
  public TensorSpec fixed(int axis, long size) {
    long[] d = fixedDims.clone();
    d[axis] = size;
    return new TensorSpec(name, rank, types, d, optional, minCount, otherRanks);
  }

  /** The same spec, allowed to be absent. */
  public TensorSpec asOptional() {
    return new TensorSpec(name, rank, types, fixedDims, true, minCount, otherRanks);
  }

  /** The same spec as a family needing at least {@code count} members. */
  public TensorSpec atLeast(int count) {
    return new TensorSpec(name, rank, types, fixedDims, optional, count, otherRanks);
  }

  /**
   * The same spec, also accepting rank {@code other} (e.g. a rank-0 scalar timestep beside the
   * rank-1 vector); fixed sizes apply to the main rank only.
   */
  public TensorSpec orRank(int other) {
    Set<Integer> r = new java.util.TreeSet<>(otherRanks);
    r.add(other);
    return new TensorSpec(name, rank, types, fixedDims, optional, minCount, r);
  }

  /** Whether a tensor of rank {@code r} is accepted. */
  public boolean acceptsRank(int r) {
    return r == rank || otherRanks.contains(r);
  }

  /** Whether the spec leaves a choice of element type or rank to the export. */
  public boolean hasForms() {
    return types.size() > 1 && !types.equals(EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16))
        || !otherRanks.isEmpty();
  }

  public boolean isFamily() {
    return name.endsWith(".*");
  }

  /**
   * For a family {@code hidden_states.*}: whether {@code candidate} is {@code hidden_states.<n>}.
   */
  public boolean familyMember(String candidate) {
    String prefix = name.substring(0, name.length() - 1);
    return candidate.startsWith(prefix) && candidate.substring(prefix.length()).matches("\\d+");
  }

  public String describe() {
    StringBuilder s = new StringBuilder("rank ").append(rank);
    for (int r : new java.util.TreeSet<>(otherRanks)) {
      s.append(" or ").append(r);
    }
    s.append(", ");
    s.append(types.stream().map(ElementType::onnxName).sorted().toList());
    for (int i = 0; i < rank; i++) {
      if (fixedDims[i] > 0) {
        s.append(", dim ").append(i).append(" = ").append(fixedDims[i]);
      }
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && t.name.equals(name)
        && t.rank == rank
        && t.types.equals(types)
        && Arrays.equals(t.fixedDims, fixedDims)
        && t.optional == optional
        && t.minCount == minCount
        && t.otherRanks.equals(otherRanks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, rank, types, Arrays.hashCode(fixedDims), optional, minCount, otherRanks);
  }
}
