package io.hybridsr.core.stage;

import java.util.Locale;

/**
 * Which runners share CPUs, and so slow each other down (the planner's contention model, {@link
 * Backlog.Contention}).
 */
public enum Colocation {
  /** Every runner on a host of its own, as deployed: nobody slows anybody. */
  APART,
  /** The edge's slots and every device share one host's CPUs (a single-machine run). */
  SHARED,
  /**
   * Every runner shares one host's CPUs, but the edge's work comes first (the demo lowers its
   * devices' priority): the edge is slowed only by its own other slots, a device by the edge and
   * the other devices.
   */
  EDGE_FIRST;

  /** Whether the edge's work slows beside the devices'. */
  public boolean edgeSlowedByDevices() {
    return this == SHARED;
  }

  /** Whether a device's work slows beside the edge's. */
  public boolean deviceSlowedByEdge() {
    return this == SHARED || this == EDGE_FIRST;
  }

  /** Whether any runner is slowed by another. */
  public boolean contends() {
    return this != APART;
  }

  /**
   * From a configuration value: {@code false} or {@code apart}, {@code true} or {@code shared},
   * {@code edge-first}.
   */
  public static Colocation parse(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "false", "apart" -> APART;
      case "true", "shared" -> SHARED;
      case "edge-first" -> EDGE_FIRST;
      default ->
          throw new IllegalArgumentException(
              "runners.colocated must be false (apart), true (shared) or edge-first, got '"
                  + v
                  + "'");
    };
  }
}
