package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Placeholder until the pod lifecycle worker lands: it only accepts its commands. */
public final class PodWorker {
  public sealed interface Command {}

  public record Update(ObjectNode pod) implements Command {}

  public record Removed() implements Command {}

  public record Sync() implements Command {}

  public static Behavior<Command> create(PodWorkerContext ctx, ObjectNode pod) {
    return Behaviors.receiveMessage(m -> m instanceof Removed ? Behaviors.stopped() : Behaviors.same());
  }
}
