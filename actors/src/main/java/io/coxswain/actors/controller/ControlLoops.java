package io.coxswain.actors.controller;

import com.typesafe.config.Config;
import io.coxswain.actors.scheduling.Scheduler;
import io.coxswain.actors.services.ServiceNetwork;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WatchCaches;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The scheduler and the controllers as cluster singletons on the control-plane role (kube-controller-manager with
 * leader election, in one cluster). Every member registers them; the oldest member runs each one,
 * reading through its own shared informers, and a singleton that moves rebuilds from that member's
 * informers.
 */
public final class ControlLoops {
  private ControlLoops() {}

  public static void start(ActorSystem<?> system, ResourceStore store, WatchCaches caches, Clock clock) {
    Config config = system.settings().config().getConfig("coxswain.controllers");
    ControllerRunner.Settings settings = new ControllerRunner.Settings(
        config.getInt("concurrency"), config.getDuration("resync"),
        config.getDuration("retry-base"), config.getDuration("retry-max"));
    Informers informers = new Informers(system, caches);
    Scheduler.Settings schedulerSettings = Scheduler.Settings.from(system.settings().config().getConfig("coxswain.scheduler"));
    singleton(system, Scheduler.NAME,
        Scheduler.create(informers, new ControllerWrites(store, Scheduler.USER), clock, schedulerSettings));
    singleton(system, NodeLifecycleController.NAME, NodeLifecycleController.create(informers,
        new ControllerWrites(store, NodeLifecycleController.USER), clock,
        NodeLifecycleController.Settings.from(system.settings().config().getConfig("coxswain.node-lifecycle"))));
    singleton(system, PodGarbageCollector.NAME, PodGarbageCollector.create(informers, store,
        system.settings().config().getDuration("coxswain.node-lifecycle.orphaned-pod-check")));
    singleton(system, "replicaset-controller", settings,
        () -> new ReplicaSetController(informers, new ControllerWrites(store, ReplicaSetController.USER), clock));
    singleton(system, DeploymentController.NAME, settings,
        () -> new DeploymentController(informers, new ControllerWrites(store, DeploymentController.USER), clock));
    singleton(system, GarbageCollector.NAME, GarbageCollector.create(informers, store, settings));
    singleton(system, "namespace-controller", settings,
        () -> new NamespaceController(informers, new ControllerWrites(store, NamespaceController.USER), clock));
    singleton(system, EndpointsController.NAME, settings,
        () -> new EndpointsController(informers, new ControllerWrites(store, EndpointsController.USER)));
    singleton(system, EndpointSliceController.NAME, settings,
        () -> new EndpointSliceController(informers, new ControllerWrites(store, EndpointSliceController.USER)));
    singleton(system, LoadBalancerController.NAME, settings,
        () -> new LoadBalancerController(informers, new ControllerWrites(store, LoadBalancerController.USER)));
    // kube-apiserver's allocation repair loops, as singletons so that one member repairs at a time.
    ServiceNetwork network = ServiceNetwork.from(system.settings().config());
    singleton(system, "ipaddress-repair", settings,
        () -> AllocationRepair.ipAddresses(informers, store, network.clusterIpRange(), network.leakGrace(), clock));
    singleton(system, "nodeport-repair", settings,
        () -> AllocationRepair.nodePorts(informers, store, network.nodePortRange(), network.leakGrace(), clock));
  }

  private static void singleton(
      ActorSystem<?> system, String name, ControllerRunner.Settings settings, Supplier<Reconciler> reconciler) {
    Behavior<ControllerRunner.Command> behavior =
        Behaviors.setup(ctx -> ControllerRunner.create(reconciler.get(), settings));
    ClusterSingleton.get(system).init(SingletonActor.of(behavior, name)
        .withSettings(ClusterSingletonSettings.create(system).withRole("control-plane")));
  }

  /** A singleton that runs several loops under one name (the garbage collector: one per kind). */
  private static <T> void singleton(ActorSystem<?> system, String name, Behavior<T> behavior) {
    ClusterSingleton.get(system).init(SingletonActor.of(behavior, name)
        .withSettings(ClusterSingletonSettings.create(system).withRole("control-plane")));
  }
}
