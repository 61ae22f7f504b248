package io.coxswain.cli;

import io.coxswain.persistence.LocalCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coxswain cassandra start|stop|status}: a local Apache Cassandra on loopback, the journal
 * of a multi-member control plane tried on one machine.
 */
@Command(name = "cassandra", mixinStandardHelpOptions = true,
    description = "Start, stop or check a local Apache Cassandra (the journal for --journal cassandra).",
    subcommands = {CassandraCommand.Start.class, CassandraCommand.Stop.class, CassandraCommand.Status.class})
public final class CassandraCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static final class Where {
    @Option(names = "--data-dir", defaultValue = ".coxswain-cassandra",
        description = "Where Cassandra keeps data, logs and its pid file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9042", description = "CQL port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--storage-port", defaultValue = "7000",
        description = "Cassandra's inter-node port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int storagePort;

    LocalCassandra.Settings settings(String heap) {
      return new LocalCassandra.Settings(dataDir, "127.0.0.1", port, storagePort, heap);
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start Cassandra in the background and wait until it accepts CQL (a first start takes about a minute).")
  static final class Start implements Callable<Integer> {
    @Mixin Where where;

    @Option(names = "--heap", defaultValue = "1g", description = "Cassandra's heap (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for CQL (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      LocalCassandra.Settings s = where.settings(heap);
      Optional<ProcessHandle> running = LocalCassandra.running(s.dataDir());
      if (running.isPresent()) {
        System.out.println("coxswain: Cassandra is already running for " + s.dataDir() + " (pid " + running.get().pid() + ")");
        return 0;
      }
      if (LocalCassandra.accepts(s.host(), s.cqlPort())) {
        System.err.println("coxswain: something already listens on " + s.contactPoint() + "; pick another --port");
        return 1;
      }
      long started = System.nanoTime();
      ProcessHandle p;
      try {
        p = LocalCassandra.start(LocalCassandra.libDir(projectRoot()), s);
      } catch (IllegalStateException e) {
        System.err.println("coxswain: " + e.getMessage());
        return 1;
      }
      System.out.println("coxswain: starting Cassandra (pid " + p.pid() + ", data in " + s.dataDir() + "); waiting for CQL on " + s.contactPoint());
      try {
        LocalCassandra.awaitCql(p, s, Duration.ofSeconds(timeoutSeconds), line -> System.out.println("coxswain: " + line));
      } catch (IllegalStateException e) {
        System.err.println("coxswain: " + e.getMessage());
        return 1;
      }
      System.out.printf("coxswain: Cassandra accepts CQL on %s (started in %.1f s)%n", s.contactPoint(), (System.nanoTime() - started) / 1e9);
      System.out.println("coxswain: start members with: coxswain server --journal cassandra --cassandra " + s.contactPoint() + " …");
      System.out.println("coxswain: stop it with: coxswain cassandra stop --data-dir " + where.dataDir);
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the Cassandra of a data directory (it flushes first).")
  static final class Stop implements Callable<Integer> {
    @Mixin Where where;

    @Override
    public Integer call() throws Exception {
      if (LocalCassandra.stop(where.dataDir)) {
        System.out.println("coxswain: Cassandra stopped");
      } else {
        System.out.println("coxswain: no Cassandra is running for " + where.dataDir.toAbsolutePath().normalize());
      }
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the Cassandra of a data directory runs and accepts CQL.")
  static final class Status implements Callable<Integer> {
    @Mixin Where where;

    @Override
    public Integer call() {
      Optional<ProcessHandle> p = LocalCassandra.running(where.dataDir);
      if (p.isEmpty()) {
        System.out.println("coxswain: no Cassandra is running for " + where.dataDir.toAbsolutePath().normalize());
        return 3;
      }
      boolean cql = LocalCassandra.accepts("127.0.0.1", where.port);
      System.out.println("coxswain: Cassandra pid " + p.get().pid() + (cql ? " accepts CQL on 127.0.0.1:" + where.port : " is starting (no CQL yet)"));
      return 0;
    }
  }

  /** The project's root: bin/coxswain says where it is; otherwise the working directory. */
  static Path projectRoot() {
    return Path.of(System.getProperty("coxswain.home", ".")).toAbsolutePath().normalize();
  }
}
