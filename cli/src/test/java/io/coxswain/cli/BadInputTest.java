package io.coxswain.cli;

import static io.coxswain.cli.MalformedRequests.bytes;
import static io.coxswain.cli.Manifests.configMap;
import static io.coxswain.cli.Manifests.deployment;
import static io.coxswain.cli.Manifests.namespace;
import static io.coxswain.cli.Manifests.pod;
import static io.coxswain.cli.Manifests.service;
import static io.coxswain.cli.RawApi.assertFailure;
import static io.coxswain.cli.RawApi.excerpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.cli.MalformedRequests.Case;
import io.coxswain.cli.RawApi.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Malformed and mutated requests against a really started server: each is refused with a 4xx and
 * a Kubernetes Status whose code is the HTTP status, never a 5xx or a hang; a refused request
 * stores nothing; and the server keeps serving afterwards.
 */
class BadInputTest {
  private static final String NS = MalformedRequests.NS;
  private static final String CORE = MalformedRequests.CORE;
  private static final String APPS = MalformedRequests.APPS;
  private static final String FUZZ_NS = "fuzz";
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final AtomicInteger ALIVE = new AtomicInteger();

  private static TestServer server;
  private static RawApi api;
  private static String staleVictimVersion;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    api = new RawApi(server.url());
    created(api.post("/api/v1/namespaces", namespace(NS)));
    created(api.post("/api/v1/namespaces", namespace(FUZZ_NS)));
    // A ConfigMap that PUT and PATCH cases aim at; its first resourceVersion is made stale.
    JsonNode victim = created(api.post(CORE + "/configmaps", configMap("victim", "{\"k\":\"v\"}")));
    staleVictimVersion = victim.path("metadata").path("resourceVersion").asText();
    ObjectNode update = victim.deepCopy();
    ((ObjectNode) update.path("data")).put("k", "v2");
    Answer put = api.send("PUT", CORE + "/configmaps/victim", "application/json", bytes(update.toString()));
    assertEquals(200, put.code(), put.text());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  /** After every test: the server is ready and an ordinary create, read and delete still work. */
  @AfterEach
  void serverStillServes() {
    Answer ready = api.get("/readyz");
    assertEquals(200, ready.code(), "/readyz: " + ready.text());
    String name = "alive-" + ALIVE.incrementAndGet();
    created(api.post(CORE + "/configmaps", configMap(name, "{\"still\":\"working\"}")));
    Answer read = api.get(CORE + "/configmaps/" + name);
    assertEquals(200, read.code(), read.text());
    assertEquals("working", read.json().path("data").path("still").asText());
    Answer deleted = api.delete(CORE + "/configmaps/" + name);
    assertEquals(200, deleted.code(), deleted.text());
    api.assertAbsent("after the ordinary delete", CORE + "/configmaps/" + name);
  }

  // Malformed requests, one dynamic test each

  @TestFactory
  Stream<DynamicTest> malformedRequestsAreRefusedWithAStatusAndStoreNothing() {
    List<String> collections = List.of(CORE + "/configmaps", CORE + "/pods", CORE + "/services", CORE + "/secrets",
        APPS + "/deployments", "/api/v1/namespaces");
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    for (String c : collections) before.put(c, api.contents(c));
    Stream<DynamicTest> cases = MalformedRequests.all(staleVictimVersion).stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    DynamicTest nothingStored = DynamicTest.dynamicTest("no collection changed", () -> {
      for (String c : collections) assertEquals(before.get(c), api.contents(c), "the contents of " + c);
    });
    return Stream.concat(cases, Stream.of(nothingStored));
  }

  private void run(Case c) {
    Answer a = c.chunked()
        ? api.sendChunked(c.method(), c.path(), c.contentType(), c.body())
        : api.send(c.method(), c.path(), c.contentType(), c.body());
    JsonNode status = assertFailure(c.name() + ": " + c.method() + " " + c.path(), a, c.codes());
    if (c.reason() != null) assertEquals(c.reason(), status.path("reason").asText(), c.name() + ": " + excerpt(a.text()));
    for (String path : c.absent()) api.assertAbsent(c.name(), path);
    assertVictimUnchanged(c.name());
  }

  // Random mutations

  @Test
  void randomlyMutatedManifestsGetA201OrA4xxAndNeverLeaveHalfWrittenState() {
    String ns = "/api/v1/namespaces/" + FUZZ_NS;
    String appsNs = "/apis/apps/v1/namespaces/" + FUZZ_NS;
    Map<String, String> collections = new LinkedHashMap<>();
    collections.put("Pod", ns + "/pods");
    collections.put("Deployment", appsNs + "/deployments");
    collections.put("Service", ns + "/services");
    collections.put("ConfigMap", ns + "/configmaps");
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    collections.values().forEach(c -> before.put(c, api.contents(c)));

    ManifestMutator mutator = new ManifestMutator(20250101L);
    List<String> kinds = List.copyOf(collections.keySet());
    List<String> failures = new ArrayList<>();
    int sent = 0;
    int createdCount = 0;
    int refused = 0;
    Instant end = Instant.now().plus(Duration.ofMinutes(3));
    for (int i = 0; i < 500 && Instant.now().isBefore(end) && failures.size() < 20; i++) {
      String kind = kinds.get(mutator.random().nextInt(kinds.size()));
      String name = "fz-" + i;
      ObjectNode manifest = (ObjectNode) parse(switch (kind) {
        case "Pod" -> pod(name, 8080);
        case "Deployment" -> deployment(name, 2);
        case "Service" -> service(name, 80);
        default -> configMap(name, "{\"key\":\"value\",\"other\":\"1\"}");
      });
      ManifestMutator.Mutation m = mutator.mutate(manifest);
      String collection = collections.get(kind);
      String label = "#" + i + " POST " + collection + " (" + m.description() + ") body: " + excerpt(new String(m.body(), StandardCharsets.UTF_8));
      Answer a;
      try {
        a = api.send("POST", collection, "application/json", m.body());
      } catch (AssertionError e) {
        failures.add(label + " → " + e.getMessage());
        continue;
      }
      sent++;
      try {
        if (a.code() == 201) {
          createdCount++;
          String createdName = a.json().path("metadata").path("name").asText();
          if (createdName.isEmpty()) {
            failures.add(label + " → 201 without metadata.name: " + excerpt(a.text()));
            continue;
          }
          Answer del = api.delete(collection + "/" + createdName + "?gracePeriodSeconds=0");
          if (del.code() != 200 && del.code() != 202) failures.add(label + " → created, but DELETE answered " + del.code() + ": " + excerpt(del.text()));
        } else {
          assertFailure(label, a);
          refused++;
          String sentName = nameIn(m.body());
          if (sentName != null && a.code() != 409) api.assertAbsent(label + " → " + a.code(), collection + "/" + sentName);
        }
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    System.out.printf("mutated requests: %d sent, %d created and deleted, %d refused%n", sent, createdCount, refused);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + sent + " mutated requests went wrong:\n" + String.join("\n", failures));
    }
    assertTrue(sent >= 100, "sent only " + sent + " requests in the time allowed");
    assertTrue(refused > 0, "no mutation was refused: the mutator does nothing");
    for (var e : before.entrySet()) {
      assertEquals(e.getValue(), withoutPodsOfControllers(api.contents(e.getKey())),
          "after " + createdCount + " creations and their deletions, " + e.getKey() + " holds what it held before");
    }
  }

  // Helpers

  private void assertVictimUnchanged(String what) {
    Answer a = api.get(CORE + "/configmaps/victim");
    assertEquals(200, a.code(), what + ": " + a.text());
    JsonNode victim = a.json();
    assertEquals("v2", victim.path("data").path("k").asText(), what + ": the victim's data changed: " + excerpt(a.text()));
    assertEquals(1, victim.path("data").size(), what + ": the victim's data changed: " + excerpt(a.text()));
    assertTrue(victim.path("metadata").path("labels").isMissingNode() || victim.path("metadata").path("labels").isEmpty(),
        what + ": the victim's labels changed: " + excerpt(a.text()));
  }

  /** The metadata.name a mutated body still carries, when it is one an object could have. */
  private static String nameIn(byte[] body) {
    try {
      JsonNode name = RawApi.JSON.readTree(body).path("metadata").path("name");
      return name.isTextual() && name.asText().length() <= 253 && DNS_NAME.matcher(name.asText()).matches() ? name.asText() : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Pods that a controller made for a created Deployment are not the test's to count. */
  private static Map<String, String> withoutPodsOfControllers(Map<String, String> contents) {
    Map<String, String> out = new LinkedHashMap<>(contents);
    out.keySet().removeIf(k -> k.matches(".*/fz-\\d+-.+"));
    return new java.util.TreeMap<>(out);
  }

  private static JsonNode created(Answer a) {
    assertEquals(201, a.code(), "create: " + excerpt(a.text()));
    return a.json();
  }

  private static JsonNode parse(String json) {
    try {
      return RawApi.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
