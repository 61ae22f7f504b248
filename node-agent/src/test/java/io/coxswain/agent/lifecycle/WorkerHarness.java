package io.coxswain.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.simulated.SimulatedRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/** One pod worker with in-memory doubles around it, and ways to wait for what it reports. */
final class WorkerHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);
  /** Short back-off so restarts come quickly; resync only when a test sends Sync. */
  static final PodWorkerContext.Settings FAST = new PodWorkerContext.Settings(
      Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(10), Duration.ofHours(1));
  static final String HOST_IP = "192.168.50.10";

  final ActorTestKit kit;
  final Journal journal = new Journal();
  final MutableClock clock = new MutableClock();
  final SimulatedRuntime simulated = new SimulatedRuntime(clock, 7);
  final RecordingRuntime runtime = new RecordingRuntime(simulated, journal);
  final InMemoryStatusWriter status = new InMemoryStatusWriter(journal);
  final InMemoryEvents events = new InMemoryEvents();
  final FakeInputs inputs = new FakeInputs();
  private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pod-worker-test-blocking");
    t.setDaemon(true);
    return t;
  });
  ObjectNode pod;
  ActorRef<PodWorker.Command> worker;

  WorkerHarness(ActorTestKit kit) {
    this.kit = kit;
  }

  PodWorkerContext context() {
    return new PodWorkerContext(runtime, blocking, status, events, inputs, "node-1", HOST_IP, clock, FAST);
  }

  ActorRef<PodWorker.Command> start(ObjectNode pod) {
    this.pod = pod;
    worker = kit.spawn(PodWorker.create(context(), pod));
    return worker;
  }

  void update(ObjectNode newer) {
    this.pod = newer;
    worker.tell(new PodWorker.Update(newer));
  }

  void sync() {
    worker.tell(new PodWorker.Sync());
  }

  String id(String container, int attempt) {
    return Pods.uid(pod) + "/" + container + "/" + attempt;
  }

  /** Ends a running container as its process would. */
  void exit(String container, int attempt, int code) {
    simulated.exit(id(container, attempt), code, null);
  }

  /** Waits until the latest written status satisfies the check; returns it. */
  ObjectNode awaitStatus(String what, Predicate<ObjectNode> check) {
    return kit.createTestProbe().awaitAssert(WAIT, () -> {
      ObjectNode latest = status.latest();
      assertTrue(latest != null && check.test(latest), () -> "expected " + what + ", latest status: " + latest);
      return latest;
    });
  }

  void await(String what, BooleanSupplier condition) {
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertTrue(condition.getAsBoolean(), () -> "expected " + what + "; journal:\n" + journal + "\nevents: " + events.recorded);
      return null;
    });
  }

  /** Waits for a runtime or store call in the journal. */
  void awaitCall(String prefix) {
    await(prefix, () -> journal.has(prefix));
  }

  static JsonNode container(JsonNode status, String name) {
    for (String list : List.of("containerStatuses", "initContainerStatuses")) {
      for (JsonNode c : status.path(list)) if (c.path("name").asText().equals(name)) return c;
    }
    return null;
  }

  static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) if (c.path("type").asText().equals(type)) return c;
    return null;
  }

  static String state(JsonNode status, String container) {
    JsonNode c = container(status, container);
    if (c == null) return "absent";
    JsonNode s = c.path("state");
    if (s.has("running")) return "running";
    if (s.has("terminated")) return "terminated";
    return "waiting:" + s.path("waiting").path("reason").asText();
  }

  static boolean runningWithRestarts(JsonNode status, String container, int restarts) {
    JsonNode c = container(status, container);
    return c != null && c.path("state").has("running") && c.path("restartCount").asInt() == restarts;
  }

  @Override
  public void close() {
    if (worker != null) kit.stop(worker, WAIT);
    blocking.shutdownNow();
  }
}
