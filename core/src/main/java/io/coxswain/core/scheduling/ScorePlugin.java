package io.coxswain.core.scheduling;

import java.util.List;

/**
 * A scheduling score: how much a feasible node suits a pod, 0 to {@link #MAX_SCORE} after
 * {@link #normalize}, multiplied by {@link #weight} when the scores are summed.
 */
public interface ScorePlugin {
  long MAX_SCORE = 100;

  String name();

  int weight();

  default void preScore(PodInfo pod, SchedulerCache cluster, List<NodeInfo> feasible, CycleState state) {}

  /** Whether the plugin has anything to score for this pod (after {@link #preScore}). */
  default boolean scores(PodInfo pod, CycleState state) {
    return true;
  }

  long score(PodInfo pod, NodeInfo node, CycleState state);

  /** Brings raw scores into 0..MAX_SCORE; by default they already are. */
  default void normalize(long[] scores, int count) {}

  /** Spreads raw scores over 0..MAX_SCORE, higher raw higher (or lower, if {@code reverse}). */
  static void normalizeToMax(long[] scores, int count, boolean reverse) {
    long max = 0;
    for (int i = 0; i < count; i++) max = Math.max(max, scores[i]);
    for (int i = 0; i < count; i++) {
      long s = max == 0 ? 0 : scores[i] * MAX_SCORE / max;
      scores[i] = reverse ? MAX_SCORE - s : s;
    }
  }

  /** Spreads raw scores that may be negative over 0..MAX_SCORE, the lowest becoming 0. */
  static void normalizeMinMax(long[] scores, int count) {
    if (count == 0) return;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    for (int i = 0; i < count; i++) scores[i] = max == min ? 0 : (scores[i] - min) * MAX_SCORE / (max - min);
  }
}
