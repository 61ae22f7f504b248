package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Service. */
public final class ServiceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Service", "services", "service", true,
          List.of("svc"), List.of("all"), true, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
