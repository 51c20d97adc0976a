/**
 * Profiles: every constant of the latency, quality and utility models, each with its unit and
 * source, loaded from a versioned JSON file (format: docs/profile-format.md).
 *
 * <p>Keeping the numbers out of code means a figure can be traced to the paper, a measurement or a
 * publication, and {@code calibrate} can swap in numbers measured on other hardware.
 */
package io.hybridsr.core.profile;
