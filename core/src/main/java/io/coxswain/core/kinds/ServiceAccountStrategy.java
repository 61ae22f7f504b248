package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 ServiceAccount. */
public final class ServiceAccountStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true,
          List.of("sa"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
