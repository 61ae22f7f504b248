package io.coxswain.core.kinds;

import io.coxswain.core.KindStrategy;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Event. */
public final class EventStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Event", "events", "event", true,
          List.of("ev"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }
}
