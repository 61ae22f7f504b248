package io.coxswain.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What a DELETE does to a stored object, decided as the apiserver's generic registry decides it:
 * preconditions, graceful deletion (a period may only be shortened), the garbage collector's
 * finalizers for the propagation policy, and whether the object goes now or is only marked.
 */
public final class Deletion {
  /** The garbage collector removes the owner's references from its dependents, then this finalizer. */
  public static final String ORPHAN_FINALIZER = "orphan";
  /** The garbage collector deletes the dependents, waits for the blocking ones, then removes this finalizer. */
  public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  private Deletion() {}

  /** What the entity does with the DELETE. */
  public sealed interface Outcome {}

  /** Nothing changes (a graceful deletion is already under way). */
  public record Unchanged() implements Outcome {}

  /** The object stays, marked as being deleted, until its finalizers or its grace period are done. */
  public record Marked(ObjectNode object) implements Outcome {}

  /** The object goes now; {@code last} is its final version. */
  public record Removed(ObjectNode last) implements Outcome {}

  /** Decides a DELETE of {@code stored}; throws the Status to answer when it is refused. */
  public static Outcome decide(KindStrategy strategy, ObjectNode stored, DeleteOptions opts, Instant now) {
    checkPreconditions(strategy.type(), stored, opts);
    strategy.checkDelete(stored);
    ObjectNode obj = stored.deepCopy();
    ObjectNode meta = Metadata.of(obj);
    boolean graceful = false;
    long grace = 0;
    if (Metadata.deletionTimestamp(stored) != null) {
      long period = meta.path("deletionGracePeriodSeconds").asLong(0);
      if (period > 0) {
        // A graceful deletion is pending: only a shorter period changes anything, and the
        // finalizers stay as the first DELETE left them.
        if (opts.gracePeriodSeconds() == null || opts.gracePeriodSeconds() >= period) return new Unchanged();
        grace = opts.gracePeriodSeconds();
        Instant started = Instant.parse(Metadata.deletionTimestamp(stored)).minusSeconds(period);
        meta.put("deletionTimestamp", ObjectWrites.timestamp(started.plusSeconds(grace)));
        putNumber(meta, "deletionGracePeriodSeconds", grace);
        graceful = true;
      }
    } else if (strategy.deletesGracefully(stored)) {
      grace = opts.gracePeriodSeconds() != null
          ? opts.gracePeriodSeconds()
          : stored.path("spec").path("terminationGracePeriodSeconds").asLong(30);
      if (grace < 0) grace = 1;
      bumpGeneration(meta);
      meta.put("deletionTimestamp", ObjectWrites.timestamp(now.plusSeconds(grace)));
      putNumber(meta, "deletionGracePeriodSeconds", grace);
      graceful = true;
    }
    List<String> before = finalizers(stored);
    List<String> after = finalizersAfterDelete(before, opts.propagationPolicy());
    if (!after.equals(before)) {
      ArrayNode list = meta.putArray("finalizers");
      after.forEach(list::add);
    }
    boolean pending = !after.isEmpty() || strategy.finalizing(obj);
    if (!pending && (!graceful || grace == 0)) return new Removed(graceful ? obj : stored);
    if (!graceful) markAsDeleting(meta, now);
    strategy.markDeleting(obj);
    return ObjectWrites.sameContent(stored, obj) ? new Unchanged() : new Marked(obj);
  }

  /**
   * The finalizers after a DELETE with {@code policy}: Orphan adds {@value #ORPHAN_FINALIZER},
   * Foreground {@value #FOREGROUND_FINALIZER}, Background neither; without a policy an earlier
   * DELETE's choice stands, else the kind's default, which is Background for every kind served.
   * Any other finalizer is kept as it is.
   */
  public static List<String> finalizersAfterDelete(List<String> current, String policy) {
    boolean orphan;
    boolean foreground;
    if (policy != null) {
      orphan = policy.equals("Orphan");
      foreground = policy.equals("Foreground");
    } else {
      String earlier = current.stream()
          .filter(f -> f.equals(ORPHAN_FINALIZER) || f.equals(FOREGROUND_FINALIZER)).findFirst().orElse("");
      orphan = earlier.equals(ORPHAN_FINALIZER);
      foreground = earlier.equals(FOREGROUND_FINALIZER);
    }
    List<String> out = new ArrayList<>(current.size() + 1);
    for (String f : current) {
      if (!f.equals(ORPHAN_FINALIZER) && !f.equals(FOREGROUND_FINALIZER)) out.add(f);
    }
    if (orphan) out.add(ORPHAN_FINALIZER);
    if (foreground) out.add(FOREGROUND_FINALIZER);
    // An unchanged set keeps its order, so a repeated DELETE stores nothing.
    return new HashSet<>(out).equals(new HashSet<>(current)) ? current : out;
  }

  /** metadata.finalizers as strings (anything else in the list is ignored). */
  public static List<String> finalizers(JsonNode obj) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : obj.path("metadata").path("finalizers")) {
      if (f.isTextual()) out.add(f.asText());
    }
    return out;
  }

  public static boolean hasFinalizer(JsonNode obj, String finalizer) {
    return finalizers(obj).contains(finalizer);
  }

  private static void checkPreconditions(ResourceType type, ObjectNode stored, DeleteOptions opts) {
    String name = Metadata.name(stored);
    if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Metadata.uid(stored))) {
      throw StatusException.conflict(type, name, "Precondition failed: UID in precondition: "
          + opts.preconditionUid() + ", UID in object meta: " + Metadata.uid(stored));
    }
    if (opts.preconditionResourceVersion() != null
        && !opts.preconditionResourceVersion().equals(Metadata.resourceVersion(stored))) {
      throw StatusException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
          + opts.preconditionResourceVersion() + ", ResourceVersion in object meta: " + Metadata.resourceVersion(stored));
    }
  }

  /** A finalized object waits with a zero grace period; a deletionTimestamp only ever moves earlier. */
  private static void markAsDeleting(ObjectNode meta, Instant now) {
    String existing = meta.path("deletionTimestamp").asText(null);
    if (existing == null) bumpGeneration(meta);
    if (existing == null || Instant.parse(existing).isAfter(now)) meta.put("deletionTimestamp", ObjectWrites.timestamp(now));
    meta.put("deletionGracePeriodSeconds", 0);
  }

  /** Small numbers as ints, the node type a parser gives them, so versions compare equal after a round trip. */
  private static void putNumber(ObjectNode meta, String field, long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) meta.put(field, (int) value);
    else meta.put(field, value);
  }

  /** The first DELETE of an object that tracks generation bumps it, as Kubernetes does. */
  private static void bumpGeneration(ObjectNode meta) {
    long generation = meta.path("generation").asLong(0);
    if (generation > 0) putNumber(meta, "generation", generation + 1);
  }
}
