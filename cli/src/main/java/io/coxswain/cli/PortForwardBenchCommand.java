package io.coxswain.cli;

import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.Latencies;
import io.coxswain.cli.bench.PodStartBench;
import io.coxswain.cli.bench.PortForwardBench;
import io.coxswain.cli.bench.PortForwardBench.Target;
import io.coxswain.cli.bench.PortForwardBench.Throughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench port-forward}: kubectl port-forward's throughput and latency against the pod's own. */
@Command(name = "port-forward", mixinStandardHelpOptions = true,
    description = "Start a fresh server with its node agent, run an HTTP server in a pod and compare a large "
        + "transfer's MB/s and small requests' latency through kubectl port-forward with the same straight to the pod.")
public final class PortForwardBenchCommand implements Callable<Integer> {
  @Option(names = "--megabytes", defaultValue = "64", description = "Size of the large file (default: ${DEFAULT-VALUE}).")
  int megabytes;

  @Option(names = "--transfers", defaultValue = "5", description = "Downloads of the large file per target (default: ${DEFAULT-VALUE}).")
  int transfers;

  @Option(names = "--requests", defaultValue = "500", description = "Small requests per target (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    System.out.printf("coxswain bench port-forward: starting a fresh server with its node agent (%d MB file, %d requests)%n",
        megabytes, requests);
    Path work = Files.createTempDirectory("coxswain-bench-pf-");
    try (BenchServer server = BenchServer.start(List.of(), List.of(), Duration.ofSeconds(startupTimeoutSeconds))) {
      String node = new PodStartBench(server.baseUrl()).readyNode(Duration.ofSeconds(60));
      PortForwardBench bench = new PortForwardBench(server.baseUrl(), Files.createDirectories(work.resolve("site")),
          megabytes * 1_000_000);
      try {
        String podIP = bench.startPod(node, Duration.ofSeconds(90));
        try (PortForwardBench.Forward forward = PortForwardBench.forward(server.kubeconfig(), work.resolve("kube-cache"),
            Duration.ofSeconds(60))) {
          Target direct = new Target("direct", podIP + ":8000");
          Target forwarded = new Target("port-forward", "127.0.0.1:" + forward.localPort());
          for (Target t : List.of(direct, forwarded)) { // warm-up: JIT, connection set-up paths
            bench.throughput(t, 2);
            bench.latencies(t, 100);
          }
          Throughput td = bench.throughput(direct, transfers);
          Throughput tf = bench.throughput(forwarded, transfers);
          Latencies ld = bench.latencies(direct, requests);
          Latencies lf = bench.latencies(forwarded, requests);
          System.out.println();
          System.out.println("coxswain bench port-forward: summary");
          System.out.printf("  large transfer (%d MB, best / median of %d)%n", megabytes, transfers);
          System.out.printf("    direct        %7.1f / %7.1f MB/s%n", td.bestMbPerSecond(), td.medianMbPerSecond());
          System.out.printf("    port-forward  %7.1f / %7.1f MB/s  (%.0f%% of direct, median)%n",
              tf.bestMbPerSecond(), tf.medianMbPerSecond(), 100 * tf.medianMbPerSecond() / td.medianMbPerSecond());
          System.out.printf("  small request, new connection each (%d sequential)%n", requests);
          System.out.println("    direct        " + ld.describe());
          System.out.println("    port-forward  " + lf.describe());
          System.out.printf("    added         p50 %+.2f ms, p99 %+.2f ms%n",
              lf.percentileMillis(0.5) - ld.percentileMillis(0.5), lf.percentileMillis(0.99) - ld.percentileMillis(0.99));
        }
        return 0;
      } finally {
        bench.deletePod(Duration.ofSeconds(30));
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
