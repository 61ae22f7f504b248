package io.coxswain.core.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes a Deployment's ReplicaSets should have (the arithmetic of Kubernetes' deployment
 * controller, sync.go and rolling.go), as pure functions over {@link ReplicaSetSummary}s. Results
 * are target spec.replicas by ReplicaSet name.
 */
public final class DeploymentScaling {
  private DeploymentScaling() {}

  /**
   * The only ReplicaSet with pods, or when none has any the new one (else the newest old one); null
   * when several have pods (FindActiveOrLatest).
   */
  public static ReplicaSetSummary activeOrLatest(ReplicaSetSummary newRs, List<ReplicaSetSummary> old) {
    if (newRs == null && old.isEmpty()) return null;
    List<ReplicaSetSummary> newestFirst = new ArrayList<>(old);
    newestFirst.sort(ReplicaSetSummary.OLDEST_FIRST.reversed());
    List<ReplicaSetSummary> active = new ArrayList<>();
    for (ReplicaSetSummary rs : newestFirst) if (rs.replicas() > 0) active.add(rs);
    if (newRs != null && newRs.replicas() > 0) active.add(newRs);
    return switch (active.size()) {
      case 0 -> newRs != null ? newRs : newestFirst.get(0);
      case 1 -> active.get(0);
      default -> null;
    };
  }

  /**
   * Proportional scaling of several active ReplicaSets to a new spec.replicas (scale in sync.go):
   * each gets its share of the change by its size relative to the max-replicas it was last scaled
   * for, and the rounding leftover goes to the first (largest) one.
   *
   * @param statusReplicas the Deployment's status.replicas, used when a ReplicaSet lacks max-replicas
   */
  public static Map<String, Integer> proportional(
      List<ReplicaSetSummary> replicaSets, int replicas, int maxSurge, int statusReplicas) {
    List<ReplicaSetSummary> active = new ArrayList<>();
    for (ReplicaSetSummary rs : replicaSets) if (rs.replicas() > 0) active.add(rs);
    Map<String, Integer> sizes = new LinkedHashMap<>();
    if (active.isEmpty()) return sizes;
    int current = 0;
    for (ReplicaSetSummary rs : active) current += rs.replicas();
    int allowed = replicas > 0 ? replicas + maxSurge : 0;
    int toAdd = allowed - current;
    if (toAdd > 0) active.sort(ReplicaSetSummary.LARGEST_THEN_NEWEST);
    else if (toAdd < 0) active.sort(ReplicaSetSummary.LARGEST_THEN_OLDEST);
    int added = 0;
    for (ReplicaSetSummary rs : active) {
      int proportion = toAdd == 0 ? 0 : proportion(rs, replicas, maxSurge, statusReplicas, toAdd, added);
      sizes.put(rs.name(), rs.replicas() + proportion);
      added += proportion;
    }
    if (toAdd != 0) {
      String first = active.get(0).name();
      sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
    }
    return sizes;
  }

  private static int proportion(ReplicaSetSummary rs, int replicas, int maxSurge, int statusReplicas, int toAdd, int added) {
    if (rs.replicas() == 0 || toAdd == added) return 0;
    int fraction = fraction(rs, replicas, maxSurge, statusReplicas);
    int allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** How much {@code rs} should grow or shrink (getReplicaSetFraction). */
  private static int fraction(ReplicaSetSummary rs, int replicas, int maxSurge, int statusReplicas) {
    if (replicas == 0) return -rs.replicas();
    int deploymentReplicas = replicas + maxSurge;
    int annotated = rs.maxReplicasAnnotation() >= 0 ? rs.maxReplicasAnnotation() : statusReplicas;
    if (annotated <= 0) return 0;
    double size = (double) rs.replicas() * deploymentReplicas / annotated;
    return roundHalfAwayFromZero(size) - rs.replicas();
  }

  static int roundHalfAwayFromZero(double v) {
    return (int) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5));
  }

  /**
   * The size the new ReplicaSet may grow to now (NewRSNewReplicas): within maxSurge over all
   * ReplicaSets for a rolling update, straight to spec.replicas for Recreate.
   */
  public static int newReplicaSetReplicas(List<ReplicaSetSummary> all, ReplicaSetSummary newRs, int replicas,
      int maxSurge, boolean rollingUpdate) {
    if (!rollingUpdate) return replicas;
    int current = 0;
    for (ReplicaSetSummary rs : all) current += rs.replicas();
    int maxTotal = replicas + maxSurge;
    if (current >= maxTotal) return newRs.replicas();
    int scaleUp = Math.min(maxTotal - current, replicas - newRs.replicas());
    return newRs.replicas() + scaleUp;
  }

  /**
   * How far old ReplicaSets may shrink in one step of a rolling update (reconcileOldReplicaSets):
   * first their unavailable replicas, oldest ReplicaSet first, as far as the new ReplicaSet's own
   * unavailable pods allow; then available ones while at least spec.replicas - maxUnavailable stay
   * available. Only ReplicaSets whose size changes are in the result.
   */
  public static Map<String, Integer> oldReplicaSetsScaleDown(List<ReplicaSetSummary> old, ReplicaSetSummary newRs,
      int replicas, int maxUnavailable) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    List<ReplicaSetSummary> oldActive = new ArrayList<>();
    for (ReplicaSetSummary rs : old) if (rs.replicas() > 0) oldActive.add(rs);
    int oldPods = oldActive.stream().mapToInt(ReplicaSetSummary::replicas).sum();
    if (oldPods == 0) return sizes;
    int allPods = oldPods + newRs.replicas();
    int minAvailable = replicas - maxUnavailable;
    int newUnavailable = newRs.replicas() - newRs.availableReplicas();
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return sizes;
    oldActive.sort(ReplicaSetSummary.OLDEST_FIRST);
    // cleanupUnhealthyReplicas
    int cleaned = 0;
    for (int i = 0; i < oldActive.size(); i++) {
      ReplicaSetSummary rs = oldActive.get(i);
      if (cleaned >= maxScaledDown) break;
      if (rs.replicas() == 0 || rs.replicas() == rs.availableReplicas()) continue;
      int down = Math.min(maxScaledDown - cleaned, rs.replicas() - rs.availableReplicas());
      if (down <= 0) continue;
      oldActive.set(i, rs.withReplicas(rs.replicas() - down));
      sizes.put(rs.name(), rs.replicas() - down);
      cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    int available = newRs.availableReplicas();
    for (ReplicaSetSummary rs : oldActive) available += rs.availableReplicas();
    if (available <= minAvailable) return sizes;
    int toScaleDown = available - minAvailable;
    int scaled = 0;
    for (ReplicaSetSummary rs : oldActive) {
      if (scaled >= toScaleDown) break;
      if (rs.replicas() == 0) continue;
      int down = Math.min(rs.replicas(), toScaleDown - scaled);
      sizes.put(rs.name(), rs.replicas() - down);
      scaled += down;
    }
    return sizes;
  }
}
