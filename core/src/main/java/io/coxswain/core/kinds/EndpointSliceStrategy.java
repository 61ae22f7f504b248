package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for discovery.k8s.io/v1 EndpointSlice. */
public final class EndpointSliceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", true,
          List.of(), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
