package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Node. */
public final class NodeStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Node", "nodes", "node", false,
          List.of("no"), List.of(), true, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
