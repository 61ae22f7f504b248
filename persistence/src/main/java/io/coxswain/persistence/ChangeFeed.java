package io.coxswain.persistence;

import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The journal's change feed: every object change stored so far, then everything after it, live. Uses
 * only the persistence query API (eventsByTag), so it works the same on every journal offering it.
 */
public final class ChangeFeed {
  private final ReadJournal journal;
  private final EmbeddedJournalScan scan;

  public <J extends ReadJournal & EventsByTagQuery & CurrentEventsByTagQuery> ChangeFeed(J journal) {
    this(journal, null);
  }

  private ChangeFeed(ReadJournal journal, EmbeddedJournalScan scan) {
    this.journal = journal;
    this.scan = scan;
  }

  public static ChangeFeed embedded(ClassicActorSystemProvider system) {
    JdbcReadJournal journal = PersistenceQuery.get(system.classicSystem())
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    return new ChangeFeed(journal, new EmbeddedJournalScan(system));
  }

  /**
   * Every object event stored so far, in journal order; completes when caught up. Read before any
   * entity writes (at start-up), which the embedded journal's one-pass scan relies on.
   */
  public Source<EventEnvelope, NotUsed> current() {
    if (scan != null) return scan.events();
    return ((CurrentEventsByTagQuery) journal).currentEventsByTag(JournalTags.OBJECTS, NoOffset.getInstance());
  }

  /** Object events after {@code offset}, live, never completing. */
  public Source<EventEnvelope, NotUsed> live(Offset offset) {
    return ((EventsByTagQuery) journal).eventsByTag(JournalTags.OBJECTS, offset);
  }
}
