package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for apps/v1 ReplicaSet. */
public final class ReplicaSetStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true,
          List.of("rs"), List.of("all"), true, true);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
