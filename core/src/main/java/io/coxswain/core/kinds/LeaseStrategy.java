package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for coordination.k8s.io/v1 Lease. */
public final class LeaseStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true,
          List.of(), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
