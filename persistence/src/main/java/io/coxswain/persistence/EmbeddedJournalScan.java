package io.coxswain.persistence;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The stored history of the embedded journal, read in one ordered pass. currentEventsByTag asks
 * H2 for "everything after offset up to the newest" in batches, and for such wide ranges H2 joins
 * from a scan of the tag table and sorts the result: each batch costs the whole journal, and
 * loading 100,000 objects took half a minute. This scan reads each row once. It runs at start-up,
 * before any entity can write, so the journal holds still while it is read; the live feed then
 * continues from the last ordering with the ordinary eventsByTag query.
 */
final class EmbeddedJournalScan {
  private static final String QUERY =
      "SELECT \"ordering\", \"persistence_id\", \"sequence_number\", \"write_timestamp\", \"event_payload\", "
          + "\"event_ser_id\", \"event_ser_manifest\" FROM \"event_journal\" WHERE \"deleted\" = FALSE "
          + "ORDER BY \"ordering\"";

  private final String url;
  private final String user;
  private final String password;
  private final Serialization serialization;

  EmbeddedJournalScan(ClassicActorSystemProvider system) {
    Config db = system.classicSystem().settings().config().getConfig("pekko-persistence-jdbc.shared-databases.coxswain.db");
    this.url = db.getString("url");
    this.user = db.getString("user");
    this.password = db.getString("password");
    this.serialization = SerializationExtension.get(system.classicSystem());
  }

  private record Cursor(Connection connection, PreparedStatement statement, ResultSet rows) {}

  Source<EventEnvelope, NotUsed> events() {
    return Source.unfoldResource(this::open, this::next, this::close);
  }

  private Cursor open() throws SQLException {
    // Lazy execution streams rows instead of materialising the whole result first.
    Connection c = DriverManager.getConnection(url + ";LAZY_QUERY_EXECUTION=TRUE", user, password);
    PreparedStatement s = c.prepareStatement(QUERY);
    s.setFetchSize(1000);
    return new Cursor(c, s, s.executeQuery());
  }

  private Optional<EventEnvelope> next(Cursor cursor) throws SQLException {
    ResultSet r = cursor.rows();
    if (!r.next()) return Optional.empty();
    long ordering = r.getLong(1);
    Object event = serialization.deserialize(r.getBytes(5), r.getInt(6), r.getString(7)).get();
    return Optional.of(new EventEnvelope(Offset.sequence(ordering), r.getString(2), r.getLong(3), event, r.getLong(4)));
  }

  private void close(Cursor cursor) throws SQLException {
    try (Connection c = cursor.connection()) {
      cursor.rows().close();
      cursor.statement().close();
    }
  }
}
