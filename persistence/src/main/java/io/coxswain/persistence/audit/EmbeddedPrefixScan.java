package io.coxswain.persistence.audit;

import com.typesafe.config.Config;
import io.coxswain.persistence.ResourceEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The embedded journal's fast path for a whole kind at a moment: every event of every name under
 * a persistenceId prefix in one range scan of the journal's primary key (persistence_id,
 * sequence_number), instead of one query per name. A read-only SELECT on its own connection; the
 * query API path ({@link AuditJournal#keys} and {@link AuditJournal#versions}) gives the same
 * answer on every journal and is what other journals use.
 */
final class EmbeddedPrefixScan {
  private static final String QUERY =
      "SELECT \"persistence_id\", \"sequence_number\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\" "
          + "FROM \"event_journal\" WHERE \"persistence_id\" >= ? AND \"persistence_id\" < ? AND \"deleted\" = FALSE "
          + "ORDER BY \"persistence_id\", \"sequence_number\"";

  private final String url;
  private final String user;
  private final String password;
  private final Serialization serialization;

  EmbeddedPrefixScan(ClassicActorSystemProvider system) {
    Config db = system.classicSystem().settings().config().getConfig("pekko-persistence-jdbc.shared-databases.coxswain-audit.db");
    this.url = db.getString("url");
    this.user = db.getString("user");
    this.password = db.getString("password");
    this.serialization = SerializationExtension.get(system.classicSystem());
  }

  private record Cursor(Connection connection, PreparedStatement statement, ResultSet rows) {}

  /** Every event under {@code prefix}, grouped by name (persistenceId order), oldest first within each. */
  Source<JournalEntry, NotUsed> events(String prefix) {
    return Source.unfoldResource(() -> open(prefix), this::next, this::close);
  }

  private Cursor open(String prefix) throws SQLException {
    // Lazy execution streams rows instead of materialising the whole result first.
    Connection c = DriverManager.getConnection(url + ";LAZY_QUERY_EXECUTION=TRUE", user, password);
    c.setReadOnly(true);
    PreparedStatement s = c.prepareStatement(QUERY);
    s.setString(1, prefix);
    // Every persistenceId with the prefix sorts below the prefix followed by the highest character.
    s.setString(2, prefix + Character.MAX_VALUE);
    s.setFetchSize(1000);
    return new Cursor(c, s, s.executeQuery());
  }

  private Optional<JournalEntry> next(Cursor cursor) throws SQLException {
    ResultSet r = cursor.rows();
    while (r.next()) {
      ObjectKey key = ObjectKey.ofPersistenceId(r.getString(1));
      Object event = serialization.deserialize(r.getBytes(3), r.getInt(4), r.getString(5)).get();
      if (key != null && event instanceof ResourceEvent e) return Optional.of(new JournalEntry(key, r.getLong(2), e));
    }
    return Optional.empty();
  }

  private void close(Cursor cursor) throws SQLException {
    try (Connection c = cursor.connection()) {
      cursor.rows().close();
      cursor.statement().close();
    }
  }
}
