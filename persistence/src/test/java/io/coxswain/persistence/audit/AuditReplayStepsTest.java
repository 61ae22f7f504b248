package io.coxswain.persistence.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.ResourceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The replay steps on a hand-made event stream: one name, two objects (deleted, then created again). */
class AuditReplayStepsTest {
  private static final ActorSystem SYSTEM = ActorSystem.create("audit-replay-steps");
  private static final ObjectKey KEY = new ObjectKey("deployments.apps", "default", "web");

  private static final List<JournalEntry> EVENTS = List.of(
      entry(1, new ResourceEvent.ObjectCreated(deployment("uid-1", 1, "1000"), 1000, audit("admin", 10, "create"))),
      entry(2, new ResourceEvent.ObjectUpdated(deployment("uid-1", 3, "2000"), 2000, audit("admin", 20, "patch"))),
      entry(3, new ResourceEvent.ObjectUpdated(deployment("uid-1", 5, "3000"), 3000, audit("system:deployment-controller", 30, "update"))),
      entry(4, new ResourceEvent.ObjectDeleted(deployment("uid-1", 5, "4000"), 4000, audit("admin", 40, "delete"))),
      entry(5, new ResourceEvent.ObjectCreated(deployment("uid-2", 2, "5000"), 5000, audit("alice", 50, "create"))));

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private static ObjectNode deployment(String uid, int replicas, String rv) {
    ObjectNode d = Json.MAPPER.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", "web").put("namespace", "default").put("uid", uid).put("resourceVersion", rv);
    d.putObject("spec").put("replicas", replicas);
    return d;
  }

  private static Audit audit(String user, long millis, String verb) {
    return new Audit(user, millis, "req-" + millis, verb);
  }

  private static JournalEntry entry(long seq, ResourceEvent event) {
    return new JournalEntry(KEY, seq, event);
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<HistoryStep> history() throws Exception {
    return await(Source.from(EVENTS).via(AuditReplay.withDiffs()).runWith(Sink.seq(), SYSTEM));
  }

  private static Optional<ObjectNode> at(Moment moment) throws Exception {
    return await(Source.from(EVENTS).runWith(AuditReplay.lastVersionAt(moment), SYSTEM));
  }

  @Test
  void historyHasEveryVersionInOrderWithItsDiffFromThePreviousOne() throws Exception {
    List<HistoryStep> steps = history();
    assertEquals(5, steps.size());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), steps.stream().map(s -> s.entry().sequenceNr()).toList());
    assertTrue(steps.get(1).diff().lines().contains("~ spec.replicas: 1 -> 3"), steps.get(1).diff().lines().toString());
    assertTrue(steps.get(2).diff().lines().contains("~ spec.replicas: 3 -> 5"), steps.get(2).diff().lines().toString());
    assertEquals(List.of(), steps.get(3).diff().lines(), "a deletion records the last version as it was");
  }

  @Test
  void aRecreatedObjectStartsItsOwnHistoryFromNothing() throws Exception {
    HistoryStep recreated = history().get(4);
    assertEquals("uid-2", recreated.entry().uid());
    assertTrue(recreated.diff().lines().contains("+ spec: {\"replicas\":2}"), recreated.diff().lines().toString());
    assertTrue(recreated.diff().lines().stream().anyMatch(l -> l.startsWith("+ metadata:")), recreated.diff().lines().toString());
  }

  @Test
  void stateAtAResourceVersionIsTheLastVersionAtOrBeforeIt() throws Exception {
    assertEquals(Optional.empty(), at(new Moment.AtVersion(999)));
    assertEquals(3, at(new Moment.AtVersion(2000)).orElseThrow().at("/spec/replicas").asInt());
    assertEquals(3, at(new Moment.AtVersion(2999)).orElseThrow().at("/spec/replicas").asInt());
    assertEquals(5, at(new Moment.AtVersion(3000)).orElseThrow().at("/spec/replicas").asInt());
  }

  @Test
  void stateAtATimeIncludesObjectsDeletedSinceAndNothingWhileTheNameWasFree() throws Exception {
    assertEquals("uid-1", at(new Moment.AtTime(Instant.ofEpochMilli(35))).orElseThrow().at("/metadata/uid").asText());
    assertEquals(Optional.empty(), at(new Moment.AtTime(Instant.ofEpochMilli(45))));
    assertEquals("uid-2", at(new Moment.AtTime(Instant.ofEpochMilli(50))).orElseThrow().at("/metadata/uid").asText());
  }

  @Test
  void stateOfManyNamesTakesEachNamesLastVersionAtTheMoment() throws Exception {
    ObjectKey other = new ObjectKey("deployments.apps", "default", "api");
    List<JournalEntry> grouped = new java.util.ArrayList<>(List.of(
        new JournalEntry(other, 1, new ResourceEvent.ObjectCreated(deployment("uid-a", 7, "1500"), 1500, audit("admin", 15, "create"))),
        new JournalEntry(other, 2, new ResourceEvent.ObjectUpdated(deployment("uid-a", 8, "4500"), 4500, audit("admin", 45, "patch")))));
    grouped.addAll(EVENTS);
    java.util.function.Function<Moment, List<String>> at = moment -> {
      try {
        return await(Source.from(grouped).via(AuditReplay.lastVersionsAt(moment)).runWith(Sink.seq(), SYSTEM)).stream()
            .map(o -> o.at("/metadata/uid").asText() + "=" + o.at("/spec/replicas").asInt()).toList();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    assertEquals(List.of(), at.apply(new Moment.AtTime(Instant.ofEpochMilli(5))));
    assertEquals(List.of("uid-a=7", "uid-1=3"), at.apply(new Moment.AtTime(Instant.ofEpochMilli(25))));
    assertEquals(List.of("uid-a=8"), at.apply(new Moment.AtVersion(4500)), "web was deleted at 4000");
    assertEquals(List.of("uid-a=8", "uid-2=2"), at.apply(new Moment.AtVersion(9999)));
  }

  @Test
  void filterSelectsByUserVerbNamespaceAndTime() {
    ChangeFilter controller = new ChangeFilter(null, null, null, null, null, "system:deployment-controller", null);
    assertEquals(List.of(3L), EVENTS.stream().filter(controller::matches).map(JournalEntry::sequenceNr).toList());
    ChangeFilter deletes = new ChangeFilter(null, null, "deployments.apps", "default", "web", null, "delete");
    assertEquals(List.of(4L), EVENTS.stream().filter(deletes::matches).map(JournalEntry::sequenceNr).toList());
    ChangeFilter window = new ChangeFilter(Instant.ofEpochMilli(20), Instant.ofEpochMilli(40), null, "other", null, null, null);
    assertEquals(List.of(), EVENTS.stream().filter(window::matches).toList());
    ChangeFilter range = new ChangeFilter(Instant.ofEpochMilli(20), Instant.ofEpochMilli(40), null, null, null, null, null);
    assertEquals(List.of(2L, 3L, 4L), EVENTS.stream().filter(range::matches).map(JournalEntry::sequenceNr).toList());
  }

  @Test
  void persistenceIdsNameTheirObjects() {
    assertEquals("deployments.apps|default/web", KEY.persistenceId());
    assertEquals(KEY, ObjectKey.ofPersistenceId("deployments.apps|default/web"));
    assertEquals(new ObjectKey("nodes", "", "node-1"), ObjectKey.ofPersistenceId("nodes|node-1"));
    assertEquals("pods|default/", ObjectKey.prefix("pods", "default"));
    assertEquals("pods|", ObjectKey.prefix("pods", null));
  }
}
