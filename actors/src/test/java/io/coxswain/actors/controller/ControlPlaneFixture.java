package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.persistence.Journal;
import io.coxswain.persistence.TestJournals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A real single-member control plane for controller tests: the embedded journal in a temporary
 * directory, sharded resource entities, watch caches fed by the change feed and shared informers.
 * Start one per test class; controllers under test run as plain actors (not singletons) so each
 * test starts and stops its own.
 */
final class ControlPlaneFixture implements AutoCloseable {
  final ActorTestKit testKit;
  final ResourceStore store;
  final WatchCaches caches;
  final Informers informers;
  final Path dataDir;

  ControlPlaneFixture() {
    try {
      dataDir = Files.createTempDirectory("coxswain-controller-test");
      Files.createDirectories(dataDir.resolve("journal"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Journal journal = TestJournals.fresh();
    Config config = ConfigFactory.empty()
        .withValue("coxswain.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()))
        .withValue("coxswain.cluster.port", ConfigValueFactory.fromAnyRef(0))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of("control-plane")))
        .withFallback(journal.config())
        .withFallback(ConfigFactory.parseResources("coxswain-server.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    testKit = ActorTestKit.create("controller-test", config);
    try {
      journal.prepare(testKit.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      Cluster cluster = Cluster.get(testKit.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      ResourceRegistry registry = ResourceRegistry.standard();
      WriteFence fence = new WriteFence(new HybridLogicalClock());
      store = ResourceStore.init(testKit.system(), registry, fence, Clock.systemUTC());
      caches = WatchCaches.start(testKit.system(), registry, journal.changeFeed(testKit.system()), fence);
      caches.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
      informers = new Informers(testKit.system(), caches);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the test control plane did not start", e);
    }
  }

  ControllerWrites writes(String user) {
    return new ControllerWrites(store, user);
  }

  /** Runs a reconciler as a plain actor with a short resync. */
  ActorRef<ControllerRunner.Command> run(Reconciler reconciler) {
    return testKit.spawn(ControllerRunner.create(reconciler,
        new ControllerRunner.Settings(8, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1))));
  }

  /**
   * Creates an object as a user would (through its entity), returning the stored version once the
   * kind's informer has observed it, so a test's next look at the informers sees it.
   */
  ObjectNode create(ResourceType type, ObjectNode obj) {
    RequestInfo info = new RequestInfo("test", "t", "create", false, "test");
    try {
      ObjectNode created = store.ask(type, io.coxswain.core.Metadata.namespace(obj), io.coxswain.core.Metadata.name(obj),
              r -> new ResourceEntity.Create(obj, info, r))
          .toCompletableFuture().get(15, TimeUnit.SECONDS).object();
      informers.get(type).awaitObserved(ControllerWrites.resourceVersion(created), Duration.ofSeconds(15))
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      return created;
    } catch (Exception e) {
      throw new IllegalStateException("create failed: " + e.getMessage(), e);
    }
  }

  /** Parses a YAML or JSON manifest. */
  static ObjectNode manifest(String yaml) {
    try {
      return (ObjectNode) Json.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Waits (polling) until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  @Override
  public void close() {
    if (caches != null) caches.stop();
    testKit.shutdownTestKit();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
