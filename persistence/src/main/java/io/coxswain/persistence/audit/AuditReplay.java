package io.coxswain.persistence.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.patch.ObjectDiff;
import io.coxswain.persistence.ResourceEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Audit by replay of the journal: an object's history with diffs, what an object or a whole kind
 * looked like at a moment (deleted objects included, as they were then), and the cluster-wide
 * timeline of changes. Everything is a stream read from the journal on demand; nothing is kept.
 */
public final class AuditReplay {
  /**
   * The journal orders changes by commit, their recorded time is taken just before: a change
   * recorded before {@code until} can follow one recorded after it by the time a write takes.
   * A bounded timeline reads this far past {@code until} before it stops.
   */
  static final Duration COMMIT_SLACK = Duration.ofMinutes(1);

  private final AuditJournal journal;
  private final Materializer materializer;
  private final int parallelism;

  /** @param parallelism how many objects' histories a state-at-time of a kind reads at once */
  public AuditReplay(AuditJournal journal, Materializer materializer, int parallelism) {
    this.journal = journal;
    this.materializer = materializer;
    this.parallelism = parallelism;
  }

  /** Every version stored under {@code key}, oldest first, each with its diff. */
  public Source<HistoryStep, NotUsed> history(ObjectKey key) {
    return journal.versions(key).via(withDiffs());
  }

  /** The object named {@code key} as it was at {@code moment}; empty when none existed then. */
  public CompletionStage<Optional<ObjectNode>> objectAt(ObjectKey key, Moment moment) {
    return journal.versions(key).runWith(lastVersionAt(moment), materializer);
  }

  /**
   * Every object of {@code resource} in {@code namespace} (null: all namespaces) as it was at
   * {@code moment}, including objects deleted since; objects that did not exist then are left out.
   */
  public Source<ObjectNode, NotUsed> objectsAt(String resource, String namespace, Moment moment) {
    String prefix = ObjectKey.prefix(resource, namespace);
    return journal.eventsUnder(prefix)
        .map(events -> events.via(lastVersionsAt(moment)))
        .orElseGet(() -> journal.keys(prefix)
            .mapAsync(parallelism, key -> objectAt(key, moment))
            .filter(Optional::isPresent)
            .map(Optional::get));
  }

  /** The changes {@code filter} selects, in journal order; with {@code follow}, then live ones, endlessly. */
  public Source<JournalEntry, NotUsed> timeline(ChangeFilter filter, boolean follow) {
    Source<JournalEntry, NotUsed> changes = journal.changes(filter.since(), follow);
    if (filter.until() != null) {
      long stop = filter.until().plus(COMMIT_SLACK).toEpochMilli();
      changes = changes.takeWhile(e -> e.timeMillis() <= stop);
    }
    return changes.filter(filter::matches);
  }

  // The replay steps, on any stream of one name's events (oldest first).

  /**
   * Pairs each version with its diff from the previous version of the same object. A creation
   * starts a new object (a re-created name has a new uid), so its diff is from nothing.
   */
  static Flow<JournalEntry, HistoryStep, NotUsed> withDiffs() {
    return Flow.<JournalEntry>create()
        .scan(new HistoryStep(null, null), (previous, entry) -> {
          ObjectNode before = previous.entry() == null || entry.event() instanceof ResourceEvent.ObjectCreated
              || previous.entry().event() instanceof ResourceEvent.ObjectDeleted
              ? null
              : previous.entry().event().object();
          return new HistoryStep(entry, ObjectDiff.between(before, entry.event().object()));
        })
        .drop(1);
  }

  /**
   * {@link #lastVersionAt} for each name of a stream grouped by name: one object per name that
   * existed at {@code moment}, emitted when the stream moves on to the next name.
   */
  static Flow<JournalEntry, ObjectNode, NotUsed> lastVersionsAt(Moment moment) {
    // State: the name being read and its last change at or before the moment (null: none yet).
    record Reading(ObjectKey key, JournalEntry last) {}
    return Flow.<JournalEntry>create()
        .statefulMap(
            () -> new Reading(null, null),
            (reading, entry) -> {
              boolean sameName = entry.key().equals(reading.key());
              JournalEntry done = sameName ? null : reading.last();
              JournalEntry last = moment.includes(entry) ? entry : sameName ? reading.last() : null;
              return org.apache.pekko.japi.Pair.create(new Reading(entry.key(), last), Optional.ofNullable(existing(done)));
            },
            reading -> Optional.of(Optional.ofNullable(existing(reading.last()))))
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  private static ObjectNode existing(JournalEntry last) {
    return last == null || last.event() instanceof ResourceEvent.ObjectDeleted ? null : last.event().object();
  }

  /**
   * The object the last change at or before {@code moment} left behind; empty when there was none
   * or it was a deletion. An object's resourceVersions only increase, so a moment given as one stops
   * reading at the first later version; recorded times need not increase (a clock set back), so a
   * moment given as a time reads the whole stream.
   */
  static Sink<JournalEntry, CompletionStage<Optional<ObjectNode>>> lastVersionAt(Moment moment) {
    Flow<JournalEntry, JournalEntry, NotUsed> upTo = moment instanceof Moment.AtVersion
        ? Flow.<JournalEntry>create().takeWhile(moment::includes)
        : Flow.<JournalEntry>create().filter(moment::includes);
    return upTo
        .toMat(Sink.lastOption(), (ignored, last) -> last.thenApply(entry -> entry
            .filter(e -> !(e.event() instanceof ResourceEvent.ObjectDeleted))
            .map(e -> e.event().object())));
  }
}
