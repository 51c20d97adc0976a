/**
 * Diffusion samplers (Euler, DPM-Solver++(2M), DDIM) written from the published algorithms, with
 * the timestep spacing of the reference implementation (diffusers), over Stable Diffusion's noise
 * schedule.
 */
package io.hybridsr.inference.diffusion;
