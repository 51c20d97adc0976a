/**
 * Schedulers: choose e_k = [S_k, D_k] for every user of a window to maximise sum U_k under the edge
 * budget (11), the device budget (12) and the latency bound T_k <= L0 (problem P, eq. 9).
 *
 * <p>One interface, {@link io.hybridsr.core.sched.Scheduler}, is used by the Flink window function
 * and the simulator: {@link io.hybridsr.core.sched.SimulatedAnnealingScheduler} (Algorithm 1),
 * {@link io.hybridsr.core.sched.ExactScheduler} (branch and bound, for the optimality gap) and the
 * paper's baselines. When nothing is feasible every scheduler answers at once with a documented
 * degraded choice, flagged in the {@link io.hybridsr.core.sched.ScheduleResult}.
 */
package io.hybridsr.core.sched;
