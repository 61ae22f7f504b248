package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.core.patch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.coxswain.persistence.audit.AuditJournal;
import io.coxswain.persistence.audit.AuditReplay;
import io.coxswain.persistence.audit.Moment;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit by journal replay against a really started server: a Deployment created, updated several
 * times, scaled, deleted and created again with the real kubectl; then its history, its state at
 * each moment and the timeline read back through {@code coxswain audit} (its own JVM, talking
 * HTTP) and the audit API. The Deployment's controllers write it too, as their own users.
 */
class AuditEndToEndTest {
  private static final String NS = "audit-demo";
  private static final String ADMIN = "admin";
  private static final String DEPLOYMENT_CONTROLLER = "system:serviceaccount:kube-system:deployment-controller";

  @TempDir
  static Path tmp;

  private static TestServer server;
  private static Kubectl kubectl;
  private static CoxswainCli cli;
  private static RawApi api;

  /** What kubectl printed after its writes that print the server's answer: stored versions, exactly. */
  private static final List<JsonNode> written = new ArrayList<>();
  private static String firstUid;
  private static String secondUid;

  @BeforeAll
  static void liveADeploymentsLifeThroughKubectl() {
    server = TestServer.start();
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    cli = new CoxswainCli(tmp);
    api = new RawApi(server.url());
    kubectl.ok("create", "namespace", NS);
    String[] show = {"-o", "json", "--show-managed-fields"};
    written.add(kubectl.ok(concat(new String[] {"-n", NS, "create", "deployment", "web", "--image=busybox:1.36"}, show, "--", "sleep", "3600")).json());
    // label and annotate print the object they read with the change made locally, not the server's answer.
    kubectl.ok("-n", NS, "label", "deployment", "web", "tier=front");
    kubectl.ok("-n", NS, "annotate", "deployment", "web", "audit.example/note=first");
    written.add(kubectl.ok(concat(new String[] {"-n", NS, "set", "image", "deployment/web", "busybox=busybox:1.37"}, show)).json());
    kubectl.ok("-n", NS, "scale", "deployment", "web", "--replicas=3");
    kubectl.ok("-n", NS, "delete", "deployment", "web");
    written.add(kubectl.ok(concat(new String[] {"-n", NS, "create", "deployment", "web", "--image=busybox:1.37"}, show, "--", "sleep", "3600")).json());
    firstUid = written.get(0).at("/metadata/uid").asText();
    secondUid = written.get(written.size() - 1).at("/metadata/uid").asText();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  @Test
  void historyShowsEveryStepByItsUserWithItsDiff() {
    List<JsonNode> mine = history().stream().filter(c -> c.path("user").asText().equals(ADMIN)).toList();
    assertEquals(List.of("create", "patch", "patch", "patch", "patch", "delete", "create"), texts(mine, "verb"), texts(mine, "diff").toString());
    assertEquals(List.of("Created", "Updated", "Updated", "Updated", "Updated", "Deleted", "Created"), texts(mine, "type"));
    assertTrue(diff(mine.get(1)).contains("+ metadata.labels.tier: \"front\""), diff(mine.get(1)).toString());
    assertTrue(diff(mine.get(2)).contains("+ metadata.annotations[\"audit.example/note\"]: \"first\""), diff(mine.get(2)).toString());
    assertTrue(diff(mine.get(3)).contains("~ spec.template.spec.containers[0].image: \"busybox:1.36\" -> \"busybox:1.37\""),
        diff(mine.get(3)).toString());
    assertTrue(diff(mine.get(4)).contains("~ spec.replicas: 1 -> 3"), diff(mine.get(4)).toString());
    List<String> stored = texts(history(), "resourceVersion");
    for (JsonNode w : written) {
      assertTrue(stored.contains(w.at("/metadata/resourceVersion").asText()), "every version kubectl was answered with is in the history");
    }
  }

  @Test
  @Tag("fails-on-cassandra") // see the cli pom: not yet passing on the Cassandra journal
  void historyRecordsTheControllersWritesAsTheirOwnUser() {
    List<JsonNode> controller = history().stream().filter(c -> c.path("user").asText().equals(DEPLOYMENT_CONTROLLER)).toList();
    assertFalse(controller.isEmpty(), "the deployment controller writes the Deployment's status");
    assertTrue(controller.stream().allMatch(c -> c.path("diff").toString().contains("status")), controller.toString());
    JsonNode created = cli.ok("audit", "log", "--server", server.url(), "-n", NS, "--resource", "rs", "--verb", "create", "-o", "json")
        .lines().stream().map(AuditEndToEndTest::parse).findFirst().orElseThrow();
    assertEquals(DEPLOYMENT_CONTROLLER, created.path("user").asText(), created.toString());
    assertEquals("replicasets.apps", created.at("/objectRef/resource").asText());
  }

  @Test
  void eachPatchTurnsThePreviousVersionIntoTheNextExactly() {
    List<JsonNode> steps = history("includeObject=true");
    for (int i = 1; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      if (step.path("type").asText().equals("Created")) continue;
      JsonNode before = steps.get(i - 1).path("object");
      assertEquals(step.path("object"), JsonPatch.apply(before, step.path("patch")), "step " + i + ": " + step.path("diff"));
    }
  }

  @Test
  void stateAtEachResourceVersionIsThatVersionExactly() {
    for (JsonNode step : history("includeObject=true")) {
      String rv = step.path("resourceVersion").asText();
      RawApi.Answer a = api.get("/apis/audit.coxswain.io/v1/namespaces/" + NS + "/states/deployments/web?resourceVersion=" + rv);
      if (step.path("type").asText().equals("Deleted")) {
        assertEquals(404, a.code(), "deleted at " + rv + ": " + a.text());
      } else {
        assertEquals(200, a.code(), a.text());
        assertEquals(step.path("object"), a.json(), "the state at " + rv);
      }
    }
    for (JsonNode w : written) {
      String rv = w.at("/metadata/resourceVersion").asText();
      JsonNode state = parse(cli.ok("audit", "at", rv, "deployments/" + NS + "/web", "--server", server.url(), "-o", "json").stdout());
      // kubectl prints through Go types, which add null fields (creationTimestamp: null) the stored object leaves out.
      assertEquals(withoutNulls(w), withoutNulls(state), "coxswain audit at " + rv + " shows what kubectl was answered with");
    }
  }

  @Test
  void stateAtATimeBeforeTheDeletionHasTheDeletedObject() {
    List<JsonNode> steps = history("includeObject=true");
    JsonNode deletion = steps.stream().filter(c -> c.path("type").asText().equals("Deleted")).findFirst().orElseThrow();
    Instant deleted = Instant.parse(deletion.path("time").asText());
    Instant before = deleted.minusMillis(1);
    JsonNode expected = steps.stream()
        .filter(c -> !Instant.parse(c.path("time").asText()).isAfter(before))
        .reduce((a, b) -> b).orElseThrow().path("object");
    JsonNode list = parse(cli.ok("audit", "at", before.toString(), "deployments", "-n", NS, "--server", server.url(), "-o", "json").stdout());
    assertEquals(1, list.path("items").size(), list.toString());
    assertEquals(expected, list.path("items").path(0));
    assertEquals(firstUid, list.at("/items/0/metadata/uid").asText());

    CoxswainCli.Result gone = cli.run("audit", "at", deleted.toString(), "deployments/web", "-n", NS, "--server", server.url());
    assertEquals(1, gone.exitCode(), gone.describe());
    assertTrue(gone.stderr().contains("did not exist at"), gone.describe());
  }

  @Test
  @Tag("embedded-journal") // compares against the embedded journal's own fast path
  void theQueryApiAloneGivesTheSameStatesAsTheEmbeddedJournalsFastPath() throws Exception {
    var system = server.system();
    var materializer = org.apache.pekko.stream.Materializer.matFromSystem(system);
    AuditReplay fast = new AuditReplay(AuditJournal.embedded(system), materializer, 2);
    AuditReplay neutral = new AuditReplay(AuditJournal.embeddedQueriesOnly(system), materializer, 2);
    List<JsonNode> steps = history();
    List<Moment> moments = new ArrayList<>();
    for (JsonNode step : steps) moments.add(new Moment.AtVersion(Long.parseLong(step.path("resourceVersion").asText())));
    moments.add(new Moment.AtTime(Instant.now()));
    for (Moment moment : moments) {
      for (String namespace : new String[] {NS, null}) {
        List<JsonNode> a = sorted(fast.objectsAt("deployments.apps", namespace, moment).runWith(Sink.seq(), system)
            .toCompletableFuture().get(30, TimeUnit.SECONDS));
        List<JsonNode> b = sorted(neutral.objectsAt("deployments.apps", namespace, moment).runWith(Sink.seq(), system)
            .toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(b, a, "deployments in " + namespace + " at " + moment);
      }
    }
    List<JsonNode> pods = sorted(neutral.objectsAt("pods", NS, new Moment.AtTime(Instant.now())).runWith(Sink.seq(), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertFalse(pods.isEmpty(), "the ReplicaSet controller's pods are there");
    assertEquals(pods, sorted(fast.objectsAt("pods", NS, new Moment.AtTime(Instant.now())).runWith(Sink.seq(), system)
        .toCompletableFuture().get(30, TimeUnit.SECONDS)));
  }

  private static List<JsonNode> sorted(List<? extends JsonNode> objects) {
    return objects.stream().map(o -> (JsonNode) o)
        .sorted(java.util.Comparator.comparing(o -> o.at("/metadata/namespace").asText() + "/" + o.at("/metadata/name").asText()))
        .toList();
  }

  @Test
  void theRecreatedObjectHasANewUidAndItsOwnHistory() {
    assertNotEquals(firstUid, secondUid);
    List<JsonNode> all = history();
    assertEquals(firstUid, all.get(0).at("/objectRef/uid").asText());
    assertEquals(secondUid, all.get(all.size() - 1).at("/objectRef/uid").asText());
    List<JsonNode> second = cli.ok("audit", "history", "deployments/" + NS + "/web", "--uid", secondUid, "--server", server.url(), "-o", "json")
        .lines().stream().map(AuditEndToEndTest::parse).toList();
    assertEquals("Created", second.get(0).path("type").asText());
    assertEquals(ADMIN, second.get(0).path("user").asText());
    assertTrue(second.stream().allMatch(c -> c.at("/objectRef/uid").asText().equals(secondUid)), second.toString());
    assertTrue(second.get(0).path("diff").toString().contains("+ spec:"), "a new object's diff is from nothing");
  }

  @Test
  void historyTableShowsUsersAndDiffLines() {
    CoxswainCli.Result table = cli.ok("audit", "history", "deployments/web", "-n", NS, "--server", server.url());
    assertTrue(table.lines().get(0).startsWith("TIME"), table.describe());
    assertTrue(table.stdout().contains(DEPLOYMENT_CONTROLLER), table.describe());
    assertTrue(table.stdout().contains("    ~ spec.replicas: 1 -> 3"), table.describe());
    assertTrue(table.stdout().contains(secondUid), table.describe());
  }

  @Test
  void logFiltersByUserVerbAndResource() {
    List<JsonNode> deletes = cli.ok("audit", "log", "--since", "1h", "--user", ADMIN, "--verb", "delete", "--resource", "deployments",
        "--server", server.url(), "-o", "json").lines().stream().map(AuditEndToEndTest::parse).toList();
    assertEquals(1, deletes.size(), deletes.toString());
    assertEquals("web", deletes.get(0).at("/objectRef/name").asText());
    CoxswainCli.Result none = cli.ok("audit", "log", "--user", "nobody", "--server", server.url());
    assertTrue(none.stderr().contains("No changes found"), none.describe());
    CoxswainCli.Result future = cli.run("audit", "log", "--since", "soon", "--server", server.url());
    assertEquals(1, future.exitCode(), future.describe());
    assertTrue(future.stderr().contains("is not a time"), future.describe());
  }

  @Test
  void followedLogGoesOnWithLiveChanges() {
    try (CoxswainCli.Running follow = cli.start("audit", "log", "--follow", "-n", NS, "--resource", "configmaps",
        "--kubeconfig", server.kubeconfig().toString())) {
      follow.awaitOutput("the table header", out -> out.startsWith("TIME") || out.isEmpty(), Duration.ofSeconds(30));
      kubectl.ok("-n", NS, "create", "configmap", "followed", "--from-literal=a=1");
      follow.awaitOutput("the new configmap", out -> out.contains("configmaps/" + NS + "/followed"), Duration.ofSeconds(30));
      kubectl.ok("-n", NS, "delete", "configmap", "followed");
      String out = follow.awaitOutput("its deletion", o -> o.contains("Deleted"), Duration.ofSeconds(30));
      assertTrue(follow.isAlive(), "a followed log goes on: " + out);
    }
  }

  @Test
  void historyOutlivesSnapshots() {
    String path = "/api/v1/namespaces/" + NS + "/configmaps";
    assertEquals(201, api.post(path, "{\"metadata\":{\"name\":\"counter\"},\"data\":{\"n\":\"0\"}}").code());
    int updates = 250; // the entity snapshots every 100 events
    for (int i = 1; i <= updates; i++) {
      RawApi.Answer a = api.send("PATCH", path + "/counter", "application/merge-patch+json",
          ("{\"data\":{\"n\":\"" + i + "\"}}").getBytes(StandardCharsets.UTF_8));
      assertEquals(200, a.code(), a.text());
    }
    JsonNode items = api.get("/apis/audit.coxswain.io/v1/namespaces/" + NS + "/histories/configmaps/counter").json().path("items");
    assertEquals(updates + 1, items.size());
    for (int i = 0; i <= updates; i++) assertEquals(i + 1, items.get(i).path("sequence").asLong());
    assertTrue(items.get(updates).path("diff").toString().contains("~ data.n: \\\"249\\\" -> \\\"250\\\""), items.get(updates).toString());
  }

  @Test
  void theAuditGroupIsInDiscoveryForKubectl() {
    Kubectl.Result resources = kubectl.ok("api-resources", "--api-group=audit.coxswain.io");
    assertTrue(resources.stdout().contains("histories"), resources.describe());
    assertTrue(resources.stdout().contains("changes"), resources.describe());
    assertTrue(kubectl.ok("get", "--raw", "/apis/audit.coxswain.io/v1").stdout().contains("\"groupVersion\":\"audit.coxswain.io/v1\""));
    assertTrue(kubectl.ok("get", "--raw", "/apis").stdout().contains("audit.coxswain.io"));
  }

  @Test
  void badAuditRequestsAreStatusesThatSayWhatToFix() {
    RawApi.assertFailure("no moment", api.get("/apis/audit.coxswain.io/v1/namespaces/" + NS + "/states/deployments"), 400);
    RawApi.assertFailure("bad time", api.get("/apis/audit.coxswain.io/v1/states/pods?time=yesterday"), 400);
    RawApi.assertFailure("unknown kind", api.get("/apis/audit.coxswain.io/v1/namespaces/x/histories/widgets/a"), 404);
    RawApi.assertFailure("no namespace", api.get("/apis/audit.coxswain.io/v1/histories/pods/a"), 400);
    RawApi.assertFailure("never stored", api.get("/apis/audit.coxswain.io/v1/namespaces/x/histories/pods/a"), 404);
    RawApi.assertFailure("write", api.post("/apis/audit.coxswain.io/v1/changes", "{}"), 405);
    RawApi.assertFailure("follow with until",
        api.get("/apis/audit.coxswain.io/v1/changes?follow=true&until=" + URLEncoder.encode("2026-01-01T00:00:00Z", StandardCharsets.UTF_8)), 400);
  }

  private static JsonNode withoutNulls(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      List<String> nulls = new ArrayList<>();
      o.fields().forEachRemaining(f -> {
        if (f.getValue().isNull()) nulls.add(f.getKey());
        else strip(f.getValue());
      });
      o.remove(nulls);
    } else if (node.isArray()) {
      node.forEach(AuditEndToEndTest::strip);
    }
  }

  private static List<JsonNode> history(String... query) {
    String q = query.length == 0 ? "" : "?" + String.join("&", query);
    JsonNode list = api.get("/apis/audit.coxswain.io/v1/namespaces/" + NS + "/histories/deployments.apps/web" + q).json();
    List<JsonNode> out = new ArrayList<>();
    list.path("items").forEach(out::add);
    return out;
  }

  private static List<String> diff(JsonNode change) {
    List<String> out = new ArrayList<>();
    change.path("diff").forEach(l -> out.add(l.asText()));
    return out;
  }

  private static List<String> texts(List<JsonNode> changes, String field) {
    return changes.stream().map(c -> c.path(field).isTextual() ? c.path(field).asText() : c.path(field).toString()).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] concat(String[] a, String[] b, String... c) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    all.addAll(List.of(c));
    return all.toArray(String[]::new);
  }

}
