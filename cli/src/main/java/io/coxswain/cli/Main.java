package io.coxswain.cli;

import io.coxswain.cli.audit.AuditCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code coxswain} command. */
@Command(
    name = "coxswain",
    mixinStandardHelpOptions = true,
    version = "coxswain 0.1.0 (Kubernetes API v1.32)",
    description = "A Kubernetes-compatible container orchestrator on Apache Pekko.",
    subcommands = {ServerCommand.class, AgentCommand.class, CassandraCommand.class, AuditCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    // CompletionStages from Pekko's Scala side run their callbacks on the common pool; with one
    // core's worth of parallelism the JDK falls back to a new thread per callback.
    System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
        Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors())));
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
