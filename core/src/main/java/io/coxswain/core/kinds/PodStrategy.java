package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Pod. */
public final class PodStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Pod", "pods", "pod", true,
          List.of("po"), List.of("all"), true, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
