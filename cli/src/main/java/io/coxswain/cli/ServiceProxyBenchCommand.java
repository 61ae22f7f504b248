package io.coxswain.cli;

import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.HttpLoad;
import io.coxswain.cli.bench.ServiceProxyBench;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench service-proxy}: the service proxy against straight-to-pod, and its reaction to not-ready endpoints. */
@Command(name = "service-proxy", mixinStandardHelpOptions = true,
    description = "Start a fresh server with its node agent in a child process, run a Deployment of small HTTP servers "
        + "behind a NodePort Service, and compare requests/s and latency through the proxy with straight to the pods "
        + "(same load generator, alternating runs); then time how soon a pod failing its readiness probe stops getting "
        + "new connections.")
public final class ServiceProxyBenchCommand implements Callable<Integer> {
  static final String TARGET = "through the proxy ≥ 80% of the direct rate and < 1 ms added p99";

  @Option(names = "--replicas", defaultValue = "2", description = "Pods behind the Service (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--clients", defaultValue = "8", description = "Client loops, one request in flight each (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seconds", defaultValue = "5", description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--rounds", defaultValue = "3", description = "Direct/proxied run pairs per connection mode (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--flips", defaultValue = "5", description = "Readiness failures timed (default: ${DEFAULT-VALUE}).")
  int flips;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for the server (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  private record Pair(HttpLoad.Run direct, HttpLoad.Run proxied) {}

  @Override
  public Integer call() throws Exception {
    if (replicas < 2 || clients < 1 || rounds < 1 || seconds <= 0) {
      System.err.println("coxswain bench service-proxy: --replicas must be at least 2 (one is failed while the others serve), "
          + "--clients and --rounds at least 1");
      return 2;
    }
    System.out.printf("coxswain bench service-proxy: starting a fresh server with its node agent (%d pods, %d clients, "
        + "%d × %.0f s runs per path and mode)%n", replicas, clients, rounds, seconds);
    try (BenchServer server = BenchServer.start(List.of(), List.of(), Duration.ofSeconds(startupTimeoutSeconds))) {
      ServiceProxyBench bench = new ServiceProxyBench(server.baseUrl());
      System.out.printf("coxswain bench service-proxy: server pid %d; deploying %d pods behind NodePort %s%n",
          server.pid(), replicas, bench.serviceAddress());
      try {
        List<InetSocketAddress> pods = bench.deploy(replicas, Duration.ofSeconds(120));
        List<InetSocketAddress> proxy = List.of(bench.serviceAddress());
        System.out.println("coxswain bench service-proxy: warming up");
        HttpLoad.run(pods, clients, 3, false);
        HttpLoad.run(proxy, clients, 3, false);
        List<String> summary = new ArrayList<>();
        for (boolean newConnections : List.of(false, true)) {
          String mode = newConnections ? "new connection per request" : "keep-alive";
          List<Pair> pairs = new ArrayList<>();
          for (int r = 1; r <= rounds; r++) {
            HttpLoad.Run direct = HttpLoad.run(pods, clients, seconds, newConnections);
            HttpLoad.Run proxied = HttpLoad.run(proxy, clients, seconds, newConnections);
            System.out.printf("  %-27s round %d: direct %7.0f req/s (%s; failures %d) | proxied %7.0f req/s (%s; failures %d)%n",
                mode, r, direct.requestsPerSecond(), direct.latencies().describe(), direct.failures(),
                proxied.requestsPerSecond(), proxied.latencies().describe(), proxied.failures());
            pairs.add(new Pair(direct, proxied));
          }
          double directRate = median(pairs, p -> p.direct().requestsPerSecond());
          double proxiedRate = median(pairs, p -> p.proxied().requestsPerSecond());
          double directP99 = median(pairs, p -> p.direct().latencies().percentileMillis(0.99));
          double proxiedP99 = median(pairs, p -> p.proxied().latencies().percentileMillis(0.99));
          double ratio = proxiedRate / directRate;
          double added = proxiedP99 - directP99;
          summary.add(String.format("  %-27s direct %.0f req/s p99 %.2f ms; proxied %.0f req/s p99 %.2f ms; "
                  + "rate %.0f%% of direct (goal ≥ 80%%: %s), p99 %+.2f ms (goal < 1 ms: %s)",
              mode, directRate, directP99, proxiedRate, proxiedP99, ratio * 100, ratio >= 0.8 ? "met" : "missed",
              added, added < 1 ? "met" : "missed"));
        }
        List<ServiceProxyBench.Flip> results = new ArrayList<>();
        for (int i = 1; i <= flips; i++) {
          ServiceProxyBench.Flip f = bench.flip(Duration.ofSeconds(2));
          System.out.printf("  readiness flip %d: last new connection %.0f ms after the probe failed, %.0f ms after the API "
              + "showed the pod not ready%n", i, f.fromProbeFailMillis(), f.fromNotReadyMillis());
          results.add(f);
        }
        System.out.println();
        System.out.println("coxswain bench service-proxy: summary (medians)");
        summary.forEach(System.out::println);
        if (!results.isEmpty()) {
          System.out.printf("  not-ready → no new connections: %.0f ms after the pod's Ready=False was visible in the API "
                  + "(%.0f ms after its probe first failed, the probe runs every 1 s); %d flips%n",
              median(results, ServiceProxyBench.Flip::fromNotReadyMillis),
              median(results, ServiceProxyBench.Flip::fromProbeFailMillis), results.size());
        }
        System.out.println("  target   " + TARGET + "; not-ready endpoints drained within 1 s");
        return 0;
      } finally {
        bench.delete(Duration.ofSeconds(120));
      }
    }
  }

  private static <T> double median(List<T> values, ToDoubleFunction<T> f) {
    double[] v = values.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
