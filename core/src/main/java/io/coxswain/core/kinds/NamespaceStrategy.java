package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Namespace. */
public final class NamespaceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false,
          List.of("ns"), List.of(), true, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
