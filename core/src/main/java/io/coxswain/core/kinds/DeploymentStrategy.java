package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for apps/v1 Deployment. */
public final class DeploymentStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true,
          List.of("deploy"), List.of("all"), true, true);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
