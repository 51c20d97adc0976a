package io.hybridsr.core.profile;

/**
 * One number of a profile with its unit and where it comes from.
 *
 * @param value the number (finite)
 * @param unit its unit, e.g. {@code FLOP/s}
 * @param source the paper section, measurement file or publication it comes from
 */
public record Figure(double value, String unit, String source) {}
