/**
 * Written contracts of the model exports (input/output names, ranks, element types) and the check
 * every loader runs, so a wrong export is refused at load time with a message naming model, tensor,
 * expected and found.
 */
package io.hybridsr.inference.contract;
