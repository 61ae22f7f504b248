package io.coxswain.cli;

import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.PodStartBench;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench pod-start}: pod start latency on a fresh server with its node agent. */
@Command(name = "pod-start", mixinStandardHelpOptions = true,
    description = "Start a fresh server with its node agent in a child process and measure pod start latency: "
        + "create request of a pod pinned to the node → a watcher sees it Running and Ready.")
public final class PodStartBenchCommand implements Callable<Integer> {
  static final String TARGET = "Kubernetes SLO: p99 ≤ 5 s; goal here: p99 ≤ 500 ms";

  @Option(names = "--pods", defaultValue = "200", description = "Measured pods (default: ${DEFAULT-VALUE}).")
  int pods;

  @Option(names = "--warmup", defaultValue = "20", description = "Pods started and deleted first, not measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rate", defaultValue = "10", description = "Pods created per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    System.out.printf("coxswain bench pod-start: starting a fresh server with its node agent (%d warm-up + %d measured pods at %.0f/s)%n",
        warmup, pods, rate);
    try (BenchServer server = BenchServer.start(List.of(), List.of(), Duration.ofSeconds(startupTimeoutSeconds))) {
      PodStartBench bench = new PodStartBench(server.baseUrl());
      String node = bench.readyNode(Duration.ofSeconds(60));
      System.out.printf("coxswain bench pod-start: server pid %d; pods pinned to node %s%n", server.pid(), node);
      try {
        if (warmup > 0) {
          bench.run(node, "warm", warmup, rate, Duration.ofSeconds(60));
          bench.deleteAll("warm", Duration.ofSeconds(120));
        }
        PodStartBench.Result r = bench.run(node, "start", pods, rate, Duration.ofSeconds(120));
        double p99 = r.latencies().percentileMillis(0.99);
        System.out.println();
        System.out.println("coxswain bench pod-start: summary");
        System.out.printf("  pod start  %d pods Running+Ready; latency %s; never ready: %d%n",
            r.latencies().count(), r.latencies().describe(), r.notReady());
        System.out.println("  target     " + TARGET);
        System.out.printf("  verdict    p99 %.0f ms (goal ≤ 500 ms): %s%n", p99, p99 <= 500 && r.notReady() == 0 ? "met" : "missed");
        return r.notReady() == 0 ? 0 : 1;
      } finally {
        bench.deleteAll("start", Duration.ofSeconds(180));
      }
    }
  }
}
