package io.coxswain.cli;

import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.SchedulingBench;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench scheduling}: pods bound per second on a fresh server with N Node objects. */
@Command(name = "scheduling", mixinStandardHelpOptions = true,
    description = "Start a fresh server (no agent) in a child process, create N Node objects and then pods "
        + "(cpu 100m, memory 100Mi, a nodeSelector and a toleration) with concurrent clients, and time until "
        + "every pod has spec.nodeName.")
public final class SchedulingBenchCommand implements Callable<Integer> {
  static final String TARGET = "Kubernetes 1.20 (apiserver + etcd + scheduler, QPS 5000) here: ~250 pods/s at 1,000 "
      + "nodes, ~200 pods/s at 5,000 nodes using 2.1 GB; goal ≥ 1,000 pods/s at 5,000 nodes with less memory";

  @Option(names = "--nodes", defaultValue = "5000", description = "Node objects (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--pods", defaultValue = "10000", description = "Pods to schedule (default: ${DEFAULT-VALUE}).")
  int pods;

  @Option(names = "--concurrency", defaultValue = "16", description = "Client loops creating pods (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for every pod to be bound (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    System.out.printf("coxswain bench scheduling: starting a fresh server (%d nodes, %d pods, %d clients)%n", nodes, pods, concurrency);
    try (BenchServer server = BenchServer.start(List.of(), List.of("--no-agent"), Duration.ofSeconds(startupTimeoutSeconds))) {
      SchedulingBench bench = new SchedulingBench(server.baseUrl());
      long t0 = System.nanoTime();
      bench.createNodes(nodes, concurrency);
      System.out.printf("coxswain bench scheduling: %d nodes created in %.1f s; creating pods%n", nodes, (System.nanoTime() - t0) / 1e9);
      SchedulingBench.Result r = bench.run(pods, concurrency, Duration.ofSeconds(timeoutSeconds).toNanos());
      var heap = server.heap();
      System.out.println();
      System.out.println("coxswain bench scheduling: summary");
      System.out.printf("  created    %d pods in %.1f s (%.0f creates/s), %d failed%n",
          r.pods() - r.createFailures(), r.createSeconds(), (r.pods() - r.createFailures()) / r.createSeconds(), r.createFailures());
      System.out.printf("  bound      %d pods; the last %.1f s after the first create: %.0f pods/s; never bound: %d%n",
          r.pods() - r.createFailures() - r.unbound(), r.bindSeconds(), r.podsPerSecond(), r.unbound());
      System.out.printf("  memory     server RSS %s MiB (peak %s MiB), heap after last GC %d MiB%n",
          server.rssBytes().stream().mapToObj(b -> String.valueOf(b >> 20)).findFirst().orElse("?"),
          server.peakRssBytes().stream().mapToObj(b -> String.valueOf(b >> 20)).findFirst().orElse("?"),
          heap.afterLastGcMb());
      System.out.println("  target     " + TARGET);
      System.out.printf("  verdict    %.0f pods/s at %d nodes (goal ≥ 1,000 at 5,000): %s%n", r.podsPerSecond(), nodes,
          r.podsPerSecond() >= 1000 && r.unbound() == 0 ? "met" : "missed");
      return r.unbound() == 0 ? 0 : 1;
    }
  }
}
