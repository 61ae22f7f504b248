package io.coxswain.cli;

import io.coxswain.cli.bench.BenchClient;
import io.coxswain.cli.bench.BenchServer;
import io.coxswain.cli.bench.CreateLoad;
import io.coxswain.cli.bench.Latencies;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coxswain bench}: create throughput, latency and memory of a fresh server, measured the way
 * the Kubernetes comparison figures were: pods created through the HTTP API by concurrent clients
 * on the same machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {PodStartBenchCommand.class, SchedulingBenchCommand.class,
    ServicesBenchCommand.class, DnsBenchCommand.class, ServiceProxyBenchCommand.class, PortForwardBenchCommand.class,
    AuditBenchCommand.class},
    description = "Start a fresh server in a child process, create pods through the HTTP API and "
        + "report creates/s, latency percentiles and memory at the end.")
public final class BenchCommand implements Callable<Integer> {
  static final String TARGET = "Kubernetes 1.20 (kube-apiserver + etcd) on the same 2-core machine: ~650 creates/s, "
      + "p99 95 ms, 0.8–1.1 GB at 10–20k pods; goal ≥ 3x create rate, lower p99, < 1 GiB RSS at 100k pods";
  private static final double TARGET_CREATES_PER_SECOND = 650;
  private static final double TARGET_P99_MILLIS = 95;
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  @Option(names = "--pods", defaultValue = "10000", description = "Pods in the measured create run (default: ${DEFAULT-VALUE}).")
  int pods;

  @Option(names = "--concurrency", defaultValue = "16", description = "Client loops, one request in flight each (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--warmup", defaultValue = "3000",
      description = "Pods created first and not measured, so the JIT has compiled the hot path (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--total-pods", defaultValue = "100000",
      description = "Pods stored before memory is read (default: ${DEFAULT-VALUE}).")
  int totalPods;

  @Option(names = "--settle", defaultValue = "5", description = "Seconds to wait before reading memory (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Option(names = "--list-runs", defaultValue = "3", description = "Times to LIST all pods at the end (default: ${DEFAULT-VALUE}).")
  int listRuns;

  @Option(names = "--server-jvm-opts", defaultValue = "",
      description = "Extra JVM options for the server child, space separated (for example a flight recording).")
  String serverJvmOpts;

  @Option(names = "--startup-timeout", defaultValue = "180", description = "Seconds to wait for /readyz (default: ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (pods < 1 || concurrency < 1 || warmup < 0) {
      System.err.println("coxswain bench: --pods and --concurrency must be at least 1, --warmup at least 0");
      return 2;
    }
    int measuredEnd = warmup + pods;
    int total = Math.max(totalPods, measuredEnd);
    List<String> extraOpts = serverJvmOpts.isBlank() ? List.of() : Arrays.asList(serverJvmOpts.trim().split("\\s+"));

    System.out.printf("coxswain bench: starting a fresh server (%d clients, %d warm-up + %d measured creates, %d pods in all)%n",
        concurrency, warmup, pods, total);
    // The store alone: no node agent, and pods no scheduler takes (see BenchClient.podManifest).
    try (BenchServer server = BenchServer.start(extraOpts, List.of("--no-agent"), Duration.ofSeconds(startupTimeoutSeconds))) {
      System.out.printf("coxswain bench: server pid %d ready at %s%n", server.pid(), server.baseUrl());
      BenchClient client = new BenchClient(server.baseUrl());

      CreateLoad.Run warm = CreateLoad.run(client, 0, warmup, concurrency);
      if (warm.failures() > 0) return failed("warm-up", warm, server);

      double serverCpu0 = server.cpuSeconds();
      double clientCpu0 = processCpuSeconds();
      CreateLoad.Run measured = CreateLoad.run(client, warmup, measuredEnd, concurrency);
      double serverCpu = server.cpuSeconds() - serverCpu0;
      double clientCpu = processCpuSeconds() - clientCpu0;
      double seconds = measured.elapsedNanos() / 1e9;
      System.out.printf("creates: %d pods in %.1f s = %.0f creates/s; latency %s; non-201 answers: %d%n",
          measured.created(), seconds, measured.createsPerSecond(), measured.latencies().describe(), measured.failures());
      System.out.printf("         cpu during the run: server %.2f cores (%.2f ms per create), client %.2f cores%n",
          serverCpu / seconds, serverCpu * 1000 / Math.max(1, measured.created()), clientCpu / seconds);
      if (measured.failures() > 0) return failed("measured run", measured, server);

      Fill fill = fill(client, server, measuredEnd, total);
      if (fill.failures > 0) return failed("fill", fill.firstFailedRun, server);

      System.out.printf("coxswain bench: %d pods stored; waiting %d s before reading memory%n", total, settleSeconds);
      Thread.sleep(settleSeconds * 1000L);
      long rss = server.rssBytes().orElse(-1);
      long peak = server.peakRssBytes().orElse(-1);
      BenchServer.HeapFigures heap = server.heap();
      System.out.printf("memory: RSS %s (peak %s) at %d pods; heap %s after the last collection of %s (%d pauses, %.0f ms in all)%n",
          mib(rss), mib(peak), total, heap.afterLastGcMb() + " MiB", heap.capacityMb() + " MiB", heap.pauses(), heap.pauseMillisTotal());

      List<Double> listSeconds = new ArrayList<>();
      long listed = -1, listBytes = -1;
      for (int i = 0; i < listRuns; i++) {
        long t0 = System.nanoTime();
        BenchClient.Listing listing = client.listAllPods();
        double s = (System.nanoTime() - t0) / 1e9;
        if (listing.status() != 200) {
          System.out.printf("list: GET /api/v1/pods answered HTTP %d%n", listing.status());
          break;
        }
        listSeconds.add(s);
        listed = listing.items();
        listBytes = listing.bytes();
        System.out.printf("list: GET /api/v1/pods: %d items, %s in %.2f s%n", listed, mib(listBytes), s);
      }
      long rssAfterList = server.rssBytes().orElse(-1);

      System.out.println();
      System.out.println("coxswain bench: summary");
      System.out.printf("  create   %.0f creates/s (%d pods, %d clients); latency %s; non-201: %d%n",
          measured.createsPerSecond(), measured.created(), concurrency, measured.latencies().describe(), measured.failures());
      System.out.printf("  fill     %d pods stored; %.0f creates/s from %d to %d; p99 of the last 10k %s%n",
          total, fill.createsPerSecond(), measuredEnd, total, fill.lastP99);
      System.out.printf("  memory   RSS %s at %d pods (peak %s; %s after %d LISTs); heap after last GC %d MiB%n",
          mib(rss), total, mib(peak), mib(rssAfterList), listSeconds.size(), heap.afterLastGcMb());
      if (!listSeconds.isEmpty()) {
        System.out.printf("  list     %d items in %.2f s (median of %d)%n", listed, median(listSeconds), listSeconds.size());
      }
      System.out.println("  target   " + TARGET);
      double ratio = measured.createsPerSecond() / TARGET_CREATES_PER_SECOND;
      double p99 = measured.latencies().percentileMillis(0.99);
      System.out.printf("  verdict  create rate %.1fx (goal 3x): %s; p99 %s vs 95 ms: %s; RSS %s at %d pods (goal < 1 GiB): %s%n",
          ratio, ratio >= 3 ? "met" : "missed",
          String.format("%.1f ms", p99), p99 < TARGET_P99_MILLIS ? "lower" : "not lower",
          mib(rss), total, rss >= 0 && rss < GIB ? "met" : "missed");
      return 0;
    }
  }

  /** The unmeasured-for-latency part: keeps creating until {@code total} pods are stored. */
  private static final class Fill {
    long elapsedNanos;
    int created;
    int failures;
    CreateLoad.Run firstFailedRun;
    String lastP99 = "-";

    double createsPerSecond() {
      return elapsedNanos == 0 ? Double.NaN : created / (elapsedNanos / 1e9);
    }
  }

  private Fill fill(BenchClient client, BenchServer server, int from, int total) throws InterruptedException {
    Fill fill = new Fill();
    int step = 10_000;
    for (int start = from; start < total; ) {
      int end = Math.min(total, (start / step + 1) * step);
      CreateLoad.Run run = CreateLoad.run(client, start, end, concurrency);
      fill.elapsedNanos += run.elapsedNanos();
      fill.created += run.created();
      fill.failures += run.failures();
      fill.lastP99 = String.format("%.1f ms", run.latencies().percentileMillis(0.99));
      if (run.failures() > 0) {
        fill.firstFailedRun = run;
        return fill;
      }
      System.out.printf("  %6d pods stored; last %d at %.0f creates/s, p99 %s; server RSS %s%n",
          end, end - start, run.createsPerSecond(), fill.lastP99, mib(server.rssBytes().orElse(-1)));
      start = end;
    }
    return fill;
  }

  private static int failed(String phase, CreateLoad.Run run, BenchServer server) {
    System.err.printf("coxswain bench: %d of %d creates failed in the %s; the first: %s%n",
        run.failures(), run.attempted(), phase, run.firstError());
    if (!server.alive()) System.err.println("coxswain bench: the server exited; its last output:\n" + server.logTail(30));
    return 1;
  }

  private static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format("%d MiB", bytes / MIB);
  }
}
