package io.coxswain.cli;

import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.CreateLoad;
import io.coxswain.cli.bench.ServiceCreateBench;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench services}: Service creates/s with address allocation, against ConfigMap creates. */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "Start a fresh server (no agent) in a child process and create, with the same concurrent clients, "
        + "N ConfigMaps, N ClusterIP Services and N NodePort Services through the HTTP API; report creates/s and "
        + "latency of each and check that no two Services got the same cluster IP or node port.")
public final class ServicesBenchCommand implements Callable<Integer> {
  @Option(names = "--services", defaultValue = "1000", description = "Objects of each kind (default: ${DEFAULT-VALUE}; "
      + "NodePort Services take from the 2,768 ports of the default range).")
  int count;

  @Option(names = "--concurrency", defaultValue = "16", description = "Client loops, one request in flight each (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--warmup", defaultValue = "300", description = "Objects of each kind created first, not measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || concurrency < 1 || warmup < 0 || warmup / 4 + count > 2768) {
      System.err.println("coxswain bench services: --services and --concurrency must be at least 1, and the NodePort "
          + "Services (a quarter of --warmup plus --services) must fit the 2,768 ports of the node port range");
      return 2;
    }
    System.out.printf("coxswain bench services: starting a fresh server (%d clients, %d warm-up + %d measured of each kind)%n",
        concurrency, warmup, count);
    try (BenchServer server = BenchServer.start(List.of(), List.of("--no-agent"), Duration.ofSeconds(startupTimeoutSeconds))) {
      ServiceCreateBench bench = new ServiceCreateBench(server.baseUrl());
      // Warm the JIT on every path measured below.
      if (!ok("warm-up", bench.configMaps(0, warmup, concurrency))
          || !ok("warm-up", bench.services("ClusterIP", 0, warmup, concurrency))
          || !ok("warm-up", bench.services("NodePort", 0, warmup / 4, concurrency))) {
        return 1;
      }
      int end = warmup + count;
      CreateLoad.Run configMaps = bench.configMaps(warmup, end, concurrency);
      CreateLoad.Run clusterIps = bench.services("ClusterIP", warmup, end, concurrency);
      CreateLoad.Run nodePorts = bench.services("NodePort", warmup, warmup + count, concurrency);
      ServiceCreateBench.Duplicates d = bench.duplicates();
      System.out.println();
      System.out.println("coxswain bench services: summary (" + count + " of each, " + concurrency + " clients)");
      line("ConfigMap", configMaps);
      line("ClusterIP Service", clusterIps);
      line("NodePort Service", nodePorts);
      System.out.printf("  ratio              ClusterIP Service creates at %.0f%% of the ConfigMap rate, NodePort at %.0f%%%n",
          100 * clusterIps.createsPerSecond() / configMaps.createsPerSecond(),
          100 * nodePorts.createsPerSecond() / configMaps.createsPerSecond());
      System.out.printf("  addresses          %d services, %d distinct cluster IPs, %d distinct node ports; duplicates: %d IPs, %d ports%n",
          d.services(), d.clusterIps(), d.nodePorts(), d.ipDuplicates(), d.portDuplicates());
      boolean clean = configMaps.failures() + clusterIps.failures() + nodePorts.failures() == 0
          && d.ipDuplicates() == 0 && d.portDuplicates() == 0;
      return clean ? 0 : 1;
    }
  }

  private static boolean ok(String what, CreateLoad.Run run) {
    if (run.failures() == 0) return true;
    System.err.printf("coxswain bench services: %s had %d failures; first: %s%n", what, run.failures(), run.firstError());
    return false;
  }

  private static void line(String what, CreateLoad.Run run) {
    System.out.printf("  %-18s %5.0f creates/s  %s%s%n", what, run.createsPerSecond(), run.latencies().describe(),
        run.failures() == 0 ? "" : "  (" + run.failures() + " failed; first: " + run.firstError() + ")");
  }
}
