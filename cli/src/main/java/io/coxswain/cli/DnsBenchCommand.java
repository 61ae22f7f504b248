package io.coxswain.cli;

import com.typesafe.config.ConfigFactory;
import io.coxswain.cli.bench.DnsBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain bench dns}: the node agent's cluster DNS, queries/s and latency, on loopback. */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = "Run the node agent's cluster DNS on loopback with N Services and a local stand-in for the node's "
        + "resolver; report UDP queries/s and latency for cluster names and for forwarded names.")
public final class DnsBenchCommand implements Callable<Integer> {
  @Option(names = "--services", defaultValue = "1000", description = "Services in the zone (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--clients", defaultValue = "4", description = "Client loops, one query in flight each (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seconds", defaultValue = "10", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", defaultValue = "3", description = "Seconds of unmeasured load before each phase (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    if (services < 1 || clients < 1 || seconds < 1 || warmup < 0) {
      System.err.println("coxswain bench dns: --services, --clients and --seconds must be at least 1, --warmup at least 0");
      return 2;
    }
    Path work = Files.createTempDirectory("coxswain-dns-bench");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dns-bench",
        ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING").withFallback(ConfigFactory.defaultReference()));
    try (DnsBench bench = new DnsBench(system, services, work)) {
      System.out.printf("coxswain bench dns: cluster DNS on %s with %d Services, %d clients, %d s per phase%n",
          bench.address(), services, clients, seconds);
      boolean clean = true;
      for (String[] phase : new String[][] {{"cluster", "cluster.local"}, {"forwarded", "upstream.test"}}) {
        if (warmup > 0) bench.run(phase[1], clients, Duration.ofSeconds(warmup));
        DnsBench.Result r = bench.run(phase[1], clients, Duration.ofSeconds(seconds));
        System.out.printf("  %-10s %,.0f queries/s; latency %s; failed %d%n", phase[0], r.perSecond(), r.latencies().describe(), r.failed());
        clean &= r.failed() == 0;
      }
      return clean ? 0 : 1;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
