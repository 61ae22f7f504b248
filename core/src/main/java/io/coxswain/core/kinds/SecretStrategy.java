package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Secret. */
public final class SecretStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Secret", "secrets", "secret", true,
          List.of(), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
