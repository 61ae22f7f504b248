package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 ConfigMap. */
public final class ConfigMapStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", true,
          List.of("cm"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
