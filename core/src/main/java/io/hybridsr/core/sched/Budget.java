package io.hybridsr.core.sched;

import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;

/**
 * The resources of one scheduling window: Cmax (edge, eq. 11), C'max (devices, eq. 12), both in
 * peak-equivalent FLOP, and the latency bound L0 in seconds.
 *
 * @param edgeFlops Cmax
 * @param deviceFlops C'max
 * @param latencyBoundSeconds L0
 */
public record Budget(double edgeFlops, double deviceFlops, double latencyBoundSeconds) {
  public Budget {
    if (!(edgeFlops >= 0) || !(deviceFlops >= 0) || !(latencyBoundSeconds > 0)) {
      throw new IllegalArgumentException(
          "budget needs Cmax >= 0, C'max >= 0 and L0 > 0 but was "
              + edgeFlops
              + ", "
              + deviceFlops
              + ", "
              + latencyBoundSeconds);
    }
  }

  /**
   * The profile's budget for a window of {@code users} users: Cmax = edge peak x capacity ratio x
   * edgeBudgetSeconds x users / scheduler.users, C'max = users x device peak x
   * deviceBudgetSecondsPerUser, L0 = latencyBoundSeconds.
   */
  public static Budget forWindow(Profile p, int users, double edgeCapacityRatio) {
    double perUser = p.value(ProfileKeys.EDGE_BUDGET_SECONDS) / p.value(ProfileKeys.USERS);
    double edge = p.value(ProfileKeys.EDGE_PEAK_FLOPS) * edgeCapacityRatio * perUser * users;
    double device =
        users * p.value(ProfileKeys.DEVICE_PEAK_FLOPS) * p.value(ProfileKeys.DEVICE_BUDGET_SECONDS);
    return new Budget(edge, device, p.value(ProfileKeys.L0));
  }
}
