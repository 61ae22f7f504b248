package io.coxswain.cli.audit;

import picocli.CommandLine.Command;

/** {@code coxswain audit}: who changed what, when, and what it looked like then, replayed from the journal. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    subcommands = {AuditHistoryCommand.class, AuditAtCommand.class, AuditLogCommand.class},
    description = "Replay the journal: an object's history with diffs (history), objects as they were at a "
        + "moment (at), and the cluster-wide log of changes (log).")
public final class AuditCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs an audit command body; a failure the user can act on is one line on stderr and exit code 1. */
  static int run(String command, java.util.concurrent.Callable<Integer> body) {
    try {
      return body.call();
    } catch (AuditFailure e) {
      System.err.println("coxswain audit " + command + ": " + e.getMessage());
      return 1;
    } catch (Exception e) {
      System.err.println("coxswain audit " + command + ": " + e);
      return 1;
    }
  }
}
