package io.coxswain.cli.audit;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coxswain audit history pods/default/web-1}: every version of an object, with who, when and what changed. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Every stored version of an object, oldest first: time, resourceVersion, verb, user, uid and "
        + "the diff from the version before. A name deleted and created again shows both objects, told apart by uid.")
public final class AuditHistoryCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESOURCE/[NAMESPACE/]NAME", description = "For example pods/default/web-1 or nodes/node-1.")
  String object;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "The namespace when the object is given as RESOURCE/NAME (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--uid", description = "Only the versions of the object with this uid.")
  String uid;

  @Option(names = "--no-diff", description = "Leave out the diff lines under each version (table output).")
  boolean noDiff;

  @Option(names = "--include-object", description = "With -o json or yaml, each version's whole object too.")
  boolean includeObject;

  @Mixin
  AuditOptions options;

  @Override
  public Integer call() {
    return AuditCommand.run("history", () -> {
      ObjectReference ref = ObjectReference.parse(object, namespace, false);
      if (ref.name() == null) throw new AuditFailure("\"" + object + "\": name the object, as RESOURCE/NAME or RESOURCE/NAMESPACE/NAME");
      Map<String, String> q = AuditClient.params();
      q.put("uid", uid);
      if (includeObject) q.put("includeObject", "true");
      ChangePrinter printer = new ChangePrinter(System.out, options.format(), true, !noDiff);
      options.client().eachItem(ref.path("histories") + AuditClient.query(q), printer::print);
      return 0;
    });
  }
}
