package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.cli.bench.BenchClient;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.select.FieldSelector;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Load test: 1,000 hollow nodes (5,000 with -Dcoxswain.hollow.nodes=5000) in their own actor system
 * join a control plane over the cluster port; 10,000 pods are created through the HTTP API, half as
 * bare pods from 16 clients and half as one Deployment, the scheduler binds every one and every one
 * reaches Running. Prints pods/s bound, the time until all are Running and what a hollow node costs.
 */
class HollowNodesLoadTest {
  static final int NODES = Integer.getInteger("coxswain.hollow.nodes", 1000);
  static final int PODS = Integer.getInteger("coxswain.hollow.pods", 10_000);
  static final int CLIENTS = 16;

  @Test
  void thousandHollowNodesRunTenThousandScheduledPods() throws Exception {
    try (TestServer server = TestServer.start()) {
      WatchCache nodes = server.plane().watchCaches().cache(NodeStrategy.TYPE);
      WatchCache pods = server.plane().watchCaches().cache(PodStrategy.TYPE);
      long heapBefore = usedHeapAfterGc();
      double idleBaseline = idleCores();
      long t0 = System.nanoTime();
      AgentProcess hollow = AgentProcess.start(new AgentProcess.Options(
          List.of("127.0.0.1:" + server.clusterPort()), "hollow", Files.createTempDirectory("hollow"),
          List.of(), List.of(), "127.0.0.1", 0, null, NODES), line -> {});
      try {
        awaitCount(() -> readyNodes(nodes), NODES, 300, "hollow nodes registered Ready");
        double joinSeconds = (System.nanoTime() - t0) / 1e9;
        long heapNodes = usedHeapAfterGc() - heapBefore;

        long t1 = System.nanoTime();
        BenchClient client = new BenchClient(server.url());
        BenchClient.Answer deployment = client.create("/apis/apps/v1/namespaces/default/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"load"},
             "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"load"}},
              "template":{"metadata":{"labels":{"app":"load"}},"spec":{"containers":[{"name":"app","image":"busybox",
               "command":["sleep","3600"],"resources":{"requests":{"cpu":"10m","memory":"10Mi"}}}]}}}}
            """.formatted(PODS - PODS / 2));
        assertEquals(201, deployment.status(), deployment.errorBody());
        createBarePods(client, PODS / 2);
        double createSeconds = (System.nanoTime() - t1) / 1e9;
        awaitCount(() -> pods.list(bound()).items().size(), PODS, 600, "pods bound");
        double boundSeconds = (System.nanoTime() - t1) / 1e9;
        awaitCount(() -> pods.list(running()).items().size(), PODS, 600, "pods Running");
        double runningSeconds = (System.nanoTime() - t1) / 1e9;

        double idleCores = idleCores();
        long heapAll = usedHeapAfterGc() - heapBefore;

        System.out.printf("hollow nodes: %d joined and Ready in %.1f s; heap %.0f KiB per hollow node (before pods)%n",
            NODES, joinSeconds, heapNodes / 1024.0 / NODES);
        System.out.printf("hollow nodes: %d bare pods created in %.1f s next to a Deployment of %d replicas%n",
            PODS / 2, createSeconds, PODS - PODS / 2);
        System.out.printf("hollow nodes: all %d pods bound by the scheduler after %.1f s (%.0f pods/s bound), all Running after %.1f s (%.0f pods/s)%n",
            PODS, boundSeconds, PODS / boundSeconds, runningSeconds, PODS / runningSeconds);
        System.out.printf("hollow nodes: heap with pods %.0f KiB per node (control plane and pod objects included)%n",
            heapAll / 1024.0 / NODES);
        System.out.printf("hollow nodes: idle CPU %.3f cores with them vs %.3f without: %.6f cores per hollow node%n",
            idleCores, idleBaseline, Math.max(0, idleCores - idleBaseline) / NODES);
        assertEquals(PODS, pods.list(running()).items().size());
      } finally {
        hollow.close();
      }
    }
  }

  private static void createBarePods(BenchClient client, int count) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> error = new AtomicReference<>();
    List<Thread> loops = new ArrayList<>();
    for (int k = 0; k < CLIENTS; k++) {
      Thread t = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < count && error.get() == null; i = next.getAndIncrement()) {
          String manifest = """
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare-%d"},
               "spec":{"containers":[{"name":"app","image":"busybox","command":["sleep","3600"],
                "resources":{"requests":{"cpu":"10m","memory":"10Mi"}}}]}}
              """.formatted(i);
          try {
            BenchClient.Answer a = client.create("/api/v1/namespaces/default/pods", manifest);
            if (a.status() != 201) error.compareAndSet(null, "HTTP " + a.status() + ": " + a.errorBody());
          } catch (Exception e) {
            error.compareAndSet(null, e.toString());
          }
        }
      });
      loops.add(t);
      t.start();
    }
    for (Thread t : loops) t.join();
    assertEquals(null, error.get(), "every pod is created");
  }

  /** Nodes whose Ready condition is True (readiness is not a selectable field, so read each). */
  private static int readyNodes(WatchCache nodes) {
    int ready = 0;
    for (var node : nodes.list(new WatchFilter(null, null, null)).items()) {
      try {
        for (var c : Json.MAPPER.readTree(node.json()).path("status").path("conditions")) {
          if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) ready++;
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return ready;
  }

  private static WatchFilter bound() {
    return new WatchFilter(null, null, FieldSelector.parse("spec.nodeName!="));
  }

  private static WatchFilter running() {
    return new WatchFilter(null, null, FieldSelector.parse("status.phase=Running"));
  }

  interface Count {
    int get();
  }

  private static void awaitCount(Count count, int wanted, int timeoutSeconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    int last = -1;
    long nextReport = System.nanoTime();
    while (System.nanoTime() < deadline) {
      last = count.get();
      if (last >= wanted) return;
      if (System.nanoTime() >= nextReport) {
        System.out.println("hollow nodes: " + last + "/" + wanted + " " + what);
        nextReport = System.nanoTime() + 10_000_000_000L;
      }
      Thread.sleep(250);
    }
    assertTrue(last >= wanted, "only " + last + " of " + wanted + " " + what + " after " + timeoutSeconds + " s");
  }

  private static long usedHeapAfterGc() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  /** CPU the whole JVM uses over 10 quiet seconds, in cores. */
  private static double idleCores() throws InterruptedException {
    long before = processCpuNanos();
    Thread.sleep(10_000);
    return (processCpuNanos() - before) / 10e9;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
