package io.coxswain.persistence;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/** Set-up of the embedded (H2 file) journal: its tables are created on first start. */
public final class EmbeddedJournal {
  private EmbeddedJournal() {}

  public static CompletionStage<Done> createSchema(ClassicActorSystemProvider system) {
    return SchemaUtils.createIfNotExists(system);
  }
}
