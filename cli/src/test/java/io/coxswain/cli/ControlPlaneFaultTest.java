package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.persistence.TestJournals;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three control-plane members in their own JVMs on one real Cassandra, under steady writes through
 * all of them: one leaves gracefully (SIGTERM) and comes back, one is killed with kill -9 and
 * restarted, then the oldest (which hosts the singletons and the shard coordinator) is killed. Every acknowledged write must survive with its
 * acknowledged content and version, every member must serve the same objects, and the controllers
 * must carry on.
 */
class ControlPlaneFaultTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration START = Duration.ofMinutes(3);
  private static Path dir;
  private static final List<MemberProcess> members = new ArrayList<>();

  @BeforeAll
  static void startMembers() throws Exception {
    dir = Files.createTempDirectory("coxswain-fault-test");
    String keyspace = "fault" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    List<Integer> clusterPorts = List.of(TestServer.freePort(), TestServer.freePort(), TestServer.freePort());
    for (int i = 0; i < 3; i++) {
      // Every member lists all three as seeds, the first first: a restarted first member then
      // rejoins the running cluster instead of forming a new one.
      members.add(new MemberProcess("member-" + i, dir, TestJournals.contactPoint(), keyspace, clusterPorts.get(i), clusterPorts));
    }
    members.get(0).start();
    members.get(0).awaitReady(START);
    members.get(1).start();
    members.get(2).start();
    members.get(1).awaitReady(START);
    members.get(2).awaitReady(START);
  }

  @AfterAll
  static void stopMembers() throws Exception {
    for (MemberProcess m : members) m.close();
  }

  @Test
  void acknowledgedWritesSurviveKilledMembers() throws Exception {
    MemberProcess first = members.get(0);
    MemberProcess second = members.get(1);
    MemberProcess third = members.get(2);
    assertEquals(201, send(first, "POST", "/apis/apps/v1/namespaces/default/deployments", deployment(3)).statusCode());

    List<MemberProcess> up = new CopyOnWriteArrayList<>(members);
    WriteLoad load = new WriteLoad(() -> up.stream().map(MemberProcess::url).toList());
    load.start(6, 8);
    Thread.sleep(8_000);

    // Graceful leave: clients stop using the member first, as a load balancer would; then SIGTERM
    // hands its shards and singletons over, and no write through the others fails meanwhile.
    up.remove(third);
    Thread.sleep(1_000);
    long failedBefore = load.failed();
    third.stop();
    Thread.sleep(3_000);
    long failedDuringLeave = load.failed() - failedBefore;
    third.start();
    third.awaitReady(START);
    up.add(third);
    Thread.sleep(3_000);

    up.remove(second);
    second.kill();
    Thread.sleep(10_000);
    second.start();
    second.awaitReady(START);
    up.add(second);
    Thread.sleep(10_000);

    up.remove(first);
    first.kill();
    Thread.sleep(20_000);
    load.stop();
    System.out.printf("fault test: %d writes acknowledged, %d failed (%d while a member left gracefully); "
            + "longest a client's writes kept failing: %d ms%n",
        load.acknowledged(), load.failed(), failedDuringLeave, load.longestFailureMillis());
    assertEquals(0, failedDuringLeave, "writes through the other members while one left gracefully");
    assertTrue(load.acknowledged() > 100, "the load made progress: " + load.acknowledged());

    for (MemberProcess m : List.of(second, third)) {
      List<String> problems = new ArrayList<>();
      Map<String, JsonNode> listed = new HashMap<>();
      for (String collection : List.of("configmaps", "pods")) {
        JsonNode list = json(send(m, "GET", "/api/v1/namespaces/default/" + collection, null));
        list.path("items").forEach(o -> listed.put(o.path("metadata").path("name").asText(), o));
      }
      for (WriteLoad.Tracked t : load.objects().values()) {
        HttpResponse<String> got = send(m, "GET", t.collection() + "/" + t.name, null);
        JsonNode served = got.statusCode() == 404 ? null : json(got);
        String wrong = WriteLoad.check(t, served);
        if (wrong != null) problems.add("GET from " + m.name() + ": " + wrong);
        String wrongInList = WriteLoad.check(t, listed.get(t.name));
        if (wrongInList != null) problems.add("LIST from " + m.name() + ": " + wrongInList);
      }
      assertEquals(List.of(), problems);
    }

    // The controllers moved with the killed oldest member and still act: scaling takes effect.
    assertEquals(200, send(third, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale",
        "{\"spec\":{\"replicas\":5}}").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int pods = -1;
    while (System.nanoTime() < deadline) {
      pods = json(send(second, "GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", null)).path("items").size();
      JsonNode d = json(send(second, "GET", "/apis/apps/v1/namespaces/default/deployments/web", null));
      if (pods == 5 && d.path("status").path("replicas").asInt() == 5) break;
      Thread.sleep(500);
    }
    assertEquals(5, pods, "the Deployment's pods after scaling to 5");
  }

  private static String deployment(int replicas) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"schedulerName":"coxswain-test-none","containers":[{"name":"web","image":"nginx"}]}}}}
        """.formatted(replicas);
  }

  private static HttpResponse<String> send(MemberProcess m, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.url() + path)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    if (r.statusCode() / 100 != 2) throw new AssertionError(r.statusCode() + " " + r.body());
    return Json.MAPPER.readTree(r.body());
  }
}
