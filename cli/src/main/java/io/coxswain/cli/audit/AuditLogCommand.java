package io.coxswain.cli.audit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coxswain audit log --since 1h --user alice --follow}: the cluster-wide log of changes. */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Every change between two times, oldest first, filtered by resource, namespace, name, user and "
        + "verb; with --follow it goes on with live changes until interrupted.")
public final class AuditLogCommand implements Callable<Integer> {
  @Option(names = "--since", description = "From this time: RFC 3339 or a span back from now (90s, 15m, 1h, 2d). Default: the beginning.")
  String since;

  @Option(names = "--until", description = "Up to this time: RFC 3339 or a span back from now. Default: now.")
  String until;

  @Option(names = "--resource", description = "Only this resource (pods, deployments.apps, deploy…).")
  String resource;

  @Option(names = {"-n", "--namespace"}, description = "Only this namespace.")
  String namespace;

  @Option(names = "--name", description = "Only objects with this name.")
  String name;

  @Option(names = "--user", description = "Only changes by this user.")
  String user;

  @Option(names = "--verb", description = "Only this verb (create, update, patch, delete…).")
  String verb;

  @Option(names = {"-f", "--follow"}, description = "Go on with live changes until interrupted.")
  boolean follow;

  @Option(names = "--include-object", description = "With -o json or yaml, each change's whole object too.")
  boolean includeObject;

  @Mixin
  AuditOptions options;

  @Override
  public Integer call() {
    return AuditCommand.run("log", () -> {
      if (follow && until != null) throw new AuditFailure("--follow and --until exclude each other");
      Instant now = Instant.now();
      Map<String, String> q = AuditClient.params();
      if (since != null) q.put("since", AuditTimes.parse(since, now).toString());
      if (until != null) q.put("until", AuditTimes.parse(until, now).toString());
      q.put("resource", resource);
      q.put("name", name);
      q.put("user", user);
      q.put("verb", verb);
      if (follow) q.put("follow", "true");
      if (includeObject) q.put("includeObject", "true");
      ChangePrinter printer = new ChangePrinter(System.out, options.format(), false, false);
      options.client().eachItem(AuditClient.path(namespace, "changes") + AuditClient.query(q), printer::print);
      if (!printer.printedAny() && options.format() == AuditOptions.Output.TABLE) System.err.println("No changes found.");
      return 0;
    });
  }
}
