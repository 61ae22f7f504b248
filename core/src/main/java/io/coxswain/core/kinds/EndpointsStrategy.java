package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Endpoints. */
public final class EndpointsStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Endpoints", "endpoints", "endpoints", true,
          List.of("ep"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
