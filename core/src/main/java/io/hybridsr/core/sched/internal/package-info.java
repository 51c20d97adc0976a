/**
 * Search machinery shared by the schedulers: per-user configuration tables, the branch and bound,
 * the feasible start and the degraded fallback. Not for callers outside {@code sched}.
 */
package io.hybridsr.core.sched.internal;
