package io.coxswain.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * Set-up of the embedded (H2 file) journal: its tables are created on first start. The schema is
 * pekko-persistence-jdbc's own, except that payloads are VARBINARY rather than BLOB: objects are
 * small, and H2 stores BLOBs in a separate LOB store that costs a lookup on every read and write.
 */
public final class EmbeddedJournal {
  private static final String SCHEMA = "coxswain-h2-schema.sql";

  private EmbeddedJournal() {}

  public static CompletionStage<Done> createSchema(ClassicActorSystemProvider system) {
    try (InputStream in = EmbeddedJournal.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) throw new IllegalStateException(SCHEMA + " is missing from the classpath");
      return SchemaUtils.applyScript(new String(in.readAllBytes(), StandardCharsets.UTF_8), system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
