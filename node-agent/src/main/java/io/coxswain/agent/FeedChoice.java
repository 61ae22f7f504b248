package io.coxswain.agent;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Which of the control-plane members' feeds (as the receptionist lists them) an agent process
 * follows: one in its own JVM when there is one, otherwise any; another when the followed one is no
 * longer listed or its member goes away. The followed feed is watched through {@code ctx}, so its
 * end arrives as a Terminated signal for {@link #gone}.
 */
public final class FeedChoice<T> {
  private final ActorContext<?> ctx;
  private Set<ActorRef<T>> feeds = Set.of();
  private ActorRef<T> current;

  public FeedChoice(ActorContext<?> ctx) {
    this.ctx = ctx;
  }

  /** The feed followed now, or null while there is none. */
  public ActorRef<T> current() {
    return current;
  }

  /** A new listing; returns the feed to subscribe to when the choice changed, else null. */
  public ActorRef<T> listed(Set<ActorRef<T>> listed) {
    feeds = listed;
    return current == null || !feeds.contains(current) ? choose() : null;
  }

  /** A watched actor ended; returns the feed to subscribe to when it was the followed one and another exists, else null. */
  public ActorRef<T> gone(ActorRef<?> ended) {
    if (!ended.equals(current)) return null;
    current = null;
    return choose();
  }

  private ActorRef<T> choose() {
    ActorRef<T> chosen = null;
    for (ActorRef<T> f : feeds) {
      if (chosen == null || f.path().address().hasLocalScope()) chosen = f;
    }
    if (chosen == null) return null;
    if (current != null) ctx.unwatch(current);
    current = chosen;
    ctx.watch(current);
    return current;
  }
}
