package io.coxswain.agent.pod;

import java.util.Collection;

/** The text of apimachinery's aggregate error, the form kubelet reports several failures in. */
final class Aggregate {
  private Aggregate() {}

  /** One message as it is; several, deduplicated, as "[a, b]". */
  static String message(Collection<String> distinctMessages) {
    String joined = String.join(", ", distinctMessages);
    return distinctMessages.size() == 1 ? joined : "[" + joined + "]";
  }
}
