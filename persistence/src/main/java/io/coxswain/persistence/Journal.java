package io.coxswain.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.coxswain.persistence.audit.AuditJournal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.cassandra.healthcheck.CassandraHealthCheck;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import scala.jdk.javaapi.FutureConverters;

/**
 * Which journal a control-plane member writes to: the embedded H2 file (one member, no server to
 * run) or Cassandra (any number of members). Each supplies its configuration, what must exist
 * before the first entity recovers, and its change feed.
 */
public sealed interface Journal {
  /** Configuration layered over the shipped one. */
  Config config();

  /** Creates what the journal needs before any entity recovers (the embedded journal's tables). */
  CompletionStage<Done> prepare(ClassicActorSystemProvider system);

  ChangeFeed changeFeed(ClassicActorSystemProvider system);

  /** A short description for start-up output. */
  String describe();

  /** Watches whether the journal answers. */
  JournalHealth health(ClassicActorSystemProvider system);

  /** The journal as audit replay reads it. */
  AuditJournal audit(ClassicActorSystemProvider system);

  /** The H2 file in the data directory; the shipped configuration already selects it. */
  record Embedded() implements Journal {
    @Override
    public Config config() {
      return ConfigFactory.empty();
    }

    @Override
    public CompletionStage<Done> prepare(ClassicActorSystemProvider system) {
      return EmbeddedJournal.createSchema(system);
    }

    @Override
    public ChangeFeed changeFeed(ClassicActorSystemProvider system) {
      return ChangeFeed.embedded(system);
    }

    @Override
    public String describe() {
      return "embedded journal";
    }

    @Override
    public JournalHealth health(ClassicActorSystemProvider system) {
      return JournalHealth.always();
    }

    @Override
    public AuditJournal audit(ClassicActorSystemProvider system) {
      return AuditJournal.embedded(system);
    }
  }

  /**
   * Cassandra at {@code contactPoints} (host:port); the keyspaces {@code keyspace} and
   * {@code keyspace_snapshot} and their tables are created on first start with
   * {@code replicationFactor}. Members of one control plane use the same keyspace.
   */
  record Cassandra(List<String> contactPoints, int replicationFactor, String keyspace) implements Journal {
    public static final String DEFAULT_KEYSPACE = "coxswain";

    public Cassandra {
      if (contactPoints.isEmpty()) throw new IllegalArgumentException("at least one Cassandra contact point is needed");
      if (replicationFactor < 1) throw new IllegalArgumentException("the replication factor must be at least 1");
      if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,38}")) {
        throw new IllegalArgumentException("a keyspace name is a letter then up to 38 letters, digits or underscores, not " + keyspace);
      }
      contactPoints = List.copyOf(contactPoints);
    }

    public Cassandra(List<String> contactPoints, int replicationFactor) {
      this(contactPoints, replicationFactor, DEFAULT_KEYSPACE);
    }

    @Override
    public Config config() {
      return ConfigFactory.empty()
          .withValue("coxswain.cassandra.contact-points", ConfigValueFactory.fromIterable(contactPoints))
          .withValue("coxswain.cassandra.replication-factor", ConfigValueFactory.fromAnyRef(replicationFactor))
          .withValue("coxswain.cassandra.keyspace", ConfigValueFactory.fromAnyRef(keyspace))
          .withFallback(ConfigFactory.parseResources("coxswain-persistence-cassandra.conf"));
    }

    @Override
    public CompletionStage<Done> prepare(ClassicActorSystemProvider system) {
      // The plugin creates keyspace and tables itself when it first connects.
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public ChangeFeed changeFeed(ClassicActorSystemProvider system) {
      return new ChangeFeed(readJournal(system));
    }

    @Override
    public AuditJournal audit(ClassicActorSystemProvider system) {
      CassandraReadJournal journal = readJournal(system);
      // Tag offsets are time-based UUIDs: a timeline starts right at its time.
      return new AuditJournal(journal, since -> journal.timeBasedUUIDFrom(since.toEpochMilli()));
    }

    private static CassandraReadJournal readJournal(ClassicActorSystemProvider system) {
      return PersistenceQuery.get(system.classicSystem())
          .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    }

    @Override
    public String describe() {
      return "Cassandra journal at " + String.join(",", contactPoints) + ", keyspace " + keyspace;
    }

    @Override
    public JournalHealth health(ClassicActorSystemProvider system) {
      CassandraHealthCheck check = new CassandraHealthCheck(system.classicSystem());
      return JournalHealth.watch(system, "the journal (Cassandra at " + String.join(",", contactPoints) + ")",
          Duration.ofSeconds(1), () -> FutureConverters.asJava(check.apply()).thenApply(Boolean.TRUE::equals));
    }
  }
}
