package io.coxswain.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coxswain audit at 2026-11-23T10:00:00Z deployments -n default}: objects as they were at a moment. */
@Command(name = "at", mixinStandardHelpOptions = true,
    description = "An object, or every object of a kind, as it was at a moment, rebuilt from the journal: objects "
        + "deleted since are there as they were then, objects created since are not.")
public final class AuditAtCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WHEN",
      description = "RFC 3339 (2026-11-23T10:00:00Z), a span back from now (15m, 1h) or a resourceVersion (digits only).")
  String when;

  @Parameters(index = "1", paramLabel = "RESOURCE[/[NAMESPACE/]NAME]", description = "For example deployments, pods/web-1 or pods/default/web-1.")
  String target;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "The namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "Every namespace.")
  boolean allNamespaces;

  @Mixin
  AuditOptions options;

  @Override
  public Integer call() {
    return AuditCommand.run("at", () -> {
      ObjectReference ref = ObjectReference.parse(target, namespace, allNamespaces);
      Map<String, String> q = AuditClient.params();
      if (when.chars().allMatch(Character::isDigit) && !when.isEmpty()) q.put("resourceVersion", when);
      else q.put("time", AuditTimes.parse(when, Instant.now()).toString());
      String url = ref.path("states") + AuditClient.query(q);
      AuditClient client = options.client();
      AuditOptions.Output output = options.format();
      List<JsonNode> objects = new ArrayList<>();
      if (ref.name() != null) {
        objects.add(client.get(url));
      } else {
        client.eachItem(url, objects::add);
      }
      if (output == AuditOptions.Output.TABLE) {
        printTable(objects, ref.name() == null && ref.namespace() == null);
      } else {
        JsonNode doc = ref.name() != null ? objects.get(0) : list(objects);
        System.out.println(output == AuditOptions.Output.JSON
            ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc)
            : Json.YAML.writeValueAsString(doc));
      }
      return 0;
    });
  }

  private static JsonNode list(List<JsonNode> objects) {
    var list = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    list.putObject("metadata");
    objects.forEach(list.putArray("items")::add);
    return list;
  }

  /** NAME, UID, RESOURCEVERSION and the time that version was written, which the resourceVersion encodes. */
  private static void printTable(List<JsonNode> objects, boolean withNamespace) {
    if (objects.isEmpty()) {
      System.err.println("No resources found.");
      return;
    }
    objects.sort(Comparator.comparing((JsonNode o) -> o.path("metadata").path("namespace").asText())
        .thenComparing(o -> o.path("metadata").path("name").asText()));
    List<String[]> rows = new ArrayList<>();
    rows.add(withNamespace
        ? new String[] {"NAMESPACE", "NAME", "UID", "RESOURCEVERSION", "CHANGED"}
        : new String[] {"NAME", "UID", "RESOURCEVERSION", "CHANGED"});
    for (JsonNode o : objects) {
      JsonNode m = o.path("metadata");
      String rv = m.path("resourceVersion").asText("");
      String changed = rv.chars().allMatch(Character::isDigit) && !rv.isEmpty()
          ? Instant.ofEpochMilli(HybridLogicalClock.millisOf(Long.parseLong(rv))).toString() : "";
      rows.add(withNamespace
          ? new String[] {m.path("namespace").asText(""), m.path("name").asText(), m.path("uid").asText(), rv, changed}
          : new String[] {m.path("name").asText(), m.path("uid").asText(), rv, changed});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length());
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 3) + "s", r[i]));
      }
      System.out.println(line);
    }
  }
}
