package io.coxswain.persistence.audit;

import io.coxswain.persistence.JournalTags;
import io.coxswain.persistence.ResourceEvent;
import java.time.Instant;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The journal read back for audit, through the persistence query API only (events by
 * persistenceId, the persistenceIds themselves, events by the objects tag), so the same reads work
 * on every journal that offers these queries. Reads only: nothing here writes, and the embedded
 * journal is read through its own small connection pool, so a long replay never takes the
 * connections that writes need.
 */
public final class AuditJournal {
  /** The read journal audit uses on the embedded journal (see coxswain-persistence-embedded.conf). */
  public static final String EMBEDDED_READ_JOURNAL = "coxswain-audit-read-journal";

  private final ReadJournal journal;
  private final Function<Instant, Offset> offsetAt;
  private final EmbeddedPrefixScan prefixScan;

  /**
   * @param offsetAt the tag offset to start a timeline at for a given time: a journal whose tag
   *     offsets are times (Cassandra's time-based UUIDs) starts right there; one whose offsets are
   *     row numbers answers NoOffset and older changes are skipped as they are read
   */
  public <J extends ReadJournal & CurrentEventsByPersistenceIdQuery & CurrentPersistenceIdsQuery
      & CurrentEventsByTagQuery & EventsByTagQuery> AuditJournal(J journal, Function<Instant, Offset> offsetAt) {
    this(journal, offsetAt, null);
  }

  private AuditJournal(ReadJournal journal, Function<Instant, Offset> offsetAt, EmbeddedPrefixScan prefixScan) {
    this.journal = journal;
    this.offsetAt = offsetAt;
    this.prefixScan = prefixScan;
  }

  /** The embedded journal, with its fast path for whole kinds (see {@link #eventsUnder}). */
  public static AuditJournal embedded(ClassicActorSystemProvider system) {
    return new AuditJournal(embeddedReadJournal(system), since -> NoOffset.getInstance(), new EmbeddedPrefixScan(system));
  }

  /** The embedded journal through the query API alone, as any other journal is read. */
  public static AuditJournal embeddedQueriesOnly(ClassicActorSystemProvider system) {
    return new AuditJournal(embeddedReadJournal(system), since -> NoOffset.getInstance());
  }

  private static JdbcReadJournal embeddedReadJournal(ClassicActorSystemProvider system) {
    return PersistenceQuery.get(system.classicSystem()).getReadJournalFor(JdbcReadJournal.class, EMBEDDED_READ_JOURNAL);
  }

  /**
   * Every event of every name under {@code prefix} in one read, grouped by name and oldest first
   * within each, when this journal can do that; empty when it cannot, and the names are then
   * read one by one ({@link #keys}, {@link #versions}).
   */
  public java.util.Optional<Source<JournalEntry, NotUsed>> eventsUnder(String prefix) {
    return prefixScan == null ? java.util.Optional.empty() : java.util.Optional.of(prefixScan.events(prefix));
  }

  /**
   * Every event stored under {@code key}, oldest first: every version of every object that had this
   * name. Snapshots play no part: they only shorten an entity's recovery, and the events they cover
   * stay in the journal (the entities do not delete events on snapshot).
   */
  public Source<JournalEntry, NotUsed> versions(ObjectKey key) {
    return ((CurrentEventsByPersistenceIdQuery) journal)
        .currentEventsByPersistenceId(key.persistenceId(), 0L, Long.MAX_VALUE)
        .filter(e -> e.event() instanceof ResourceEvent)
        .map(e -> new JournalEntry(key, e.sequenceNr(), (ResourceEvent) e.event()));
  }

  /** The names ever stored whose persistenceId starts with {@code prefix} (see {@link ObjectKey#prefix}). */
  public Source<ObjectKey, NotUsed> keys(String prefix) {
    return ((CurrentPersistenceIdsQuery) journal).currentPersistenceIds()
        .filter(id -> id.startsWith(prefix))
        .map(ObjectKey::ofPersistenceId)
        .filter(k -> k != null);
  }

  /**
   * Object changes in journal order from about {@code since} (null: the beginning): the stored ones,
   * then, when {@code follow}, every later one as it is written.
   */
  public Source<JournalEntry, NotUsed> changes(Instant since, boolean follow) {
    Offset from = since == null ? NoOffset.getInstance() : offsetAt.apply(since);
    Source<EventEnvelope, NotUsed> envelopes = follow
        ? ((EventsByTagQuery) journal).eventsByTag(JournalTags.OBJECTS, from)
        : ((CurrentEventsByTagQuery) journal).currentEventsByTag(JournalTags.OBJECTS, from);
    return envelopes.map(AuditJournal::entry).filter(e -> e != null);
  }

  private static JournalEntry entry(EventEnvelope e) {
    if (!(e.event() instanceof ResourceEvent event)) return null;
    ObjectKey key = ObjectKey.ofPersistenceId(e.persistenceId());
    return key == null ? null : new JournalEntry(key, e.sequenceNr(), event);
  }
}
