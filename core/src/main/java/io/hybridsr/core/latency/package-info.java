/**
 * The paper's latency model, eqs. (3)-(7), with compute loads taken from the models' structure.
 *
 * <p>T1 = xi1(D,R)/C1, T2 = xi2(R,gamma)/C1, T3 = xi3(R,gamma)/C2, T4 = eta(R~,gamma)/B, T5 =
 * eta(R,gamma)/B, T6 = max(T2+T4, T3+T5), T = T1 + T6. Loads are in peak-equivalent FLOP (model
 * FLOP divided by the runner's efficiency, see docs/models.md) so that C is the hardware's peak and
 * one budget constraint adds up GPU time across stages.
 */
package io.hybridsr.core.latency;
