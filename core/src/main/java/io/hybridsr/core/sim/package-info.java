/**
 * The simulation engine behind {@code ./hybridsr simulate}: the paper's evaluation (section IV) on
 * the PartiPrompts workload, every scheduler on the same windows, the SA-vs-exact gap and the
 * edge-capacity and gamma sweeps of Fig. 8. Plain Java; plots are drawn by the CLI.
 */
package io.hybridsr.core.sim;
