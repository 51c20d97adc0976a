/**
 * The quality model Q = g(D, R) * m(gamma) (paper eqs. 1-2) and the utility U = Q - lambda * T (eq.
 * 8) on scaled quality and latency.
 *
 * <p>Shapes follow the paper's Fig. 1(b) and Fig. 8(b); constants live in the profile's {@code
 * quality} section with their sources. Derivation and scaling: docs/models.md.
 */
package io.hybridsr.core.quality;
