package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubelet's computePodActions for a pod that is neither ending nor ended: init containers one at a
 * time in order, each to success; then every app container, restarted as restartPolicy says, and
 * restarted regardless when its image changed. Pure: it reads the records and says what to do.
 */
final class SyncPlan {
  private SyncPlan() {}

  sealed interface Action {}

  /** Start this container now. */
  record Start(ObjectNode container) implements Action {}

  /** Stop this running container, then do what {@code then} says. */
  record Kill(String container, ContainerRecord.Next then, String message) implements Action {}

  /** Nothing of this pod will run again: all containers ended for good, or an init container failed under Never. */
  record Finished() implements Action {}

  static List<Action> plan(PodView pod, Map<String, ContainerRecord> records) {
    List<Action> actions = new ArrayList<>();
    String policy = pod.restartPolicy();
    for (ObjectNode c : pod.initContainers()) {
      ContainerRecord r = records.get(PodView.nameOf(c));
      if (r.completed()) continue;
      if (r.busy()) return actions;
      if (!r.wantsStart(policy)) actions.add(new Finished());
      else if (r.hold() == ContainerRecord.Hold.NONE) actions.add(new Start(c));
      return actions;
    }
    boolean anyWillRun = false;
    for (ObjectNode c : pod.containers()) {
      ContainerRecord r = records.get(PodView.nameOf(c));
      if (r.activity() == ContainerRecord.Activity.RUNNING && !PodView.imageOf(c).equals(r.instance().image())) {
        actions.add(new Kill(r.name(), ContainerRecord.Next.RESTART_NOW,
            "Container " + r.name() + " definition changed, will be restarted"));
      }
      if (r.busy()) {
        anyWillRun = true;
      } else if (r.wantsStart(policy)) {
        anyWillRun = true;
        if (r.hold() == ContainerRecord.Hold.NONE) actions.add(new Start(c));
      }
    }
    if (!anyWillRun) actions.add(new Finished());
    return actions;
  }
}
