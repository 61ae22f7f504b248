package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.core.ResourceType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * This member's shared informers, one per kind, started the first time a control loop asks for one:
 * a member that hosts no singleton parses nothing.
 */
public final class Informers {
  private final ActorSystem<?> system;
  private final WatchCaches caches;
  private final Map<String, Informer> byResource = new HashMap<>();

  public Informers(ActorSystem<?> system, WatchCaches caches) {
    this.system = system;
    this.caches = caches;
  }

  /** The informer of a kind, synced (listed) on return. */
  public synchronized Informer get(ResourceType type) {
    Informer informer = byResource.get(type.qualifiedResource());
    if (informer == null) {
      informer = new Informer(type, caches.cache(type), system);
      informer.start();
      byResource.put(type.qualifiedResource(), informer);
    }
    return informer;
  }

  /** The informer of a kind with an index added (if it is not there yet). */
  public synchronized Informer get(ResourceType type, String index, Function<ObjectNode, Collection<String>> values) {
    Informer informer = get(type);
    informer.addIndex(index, values);
    return informer;
  }
}
