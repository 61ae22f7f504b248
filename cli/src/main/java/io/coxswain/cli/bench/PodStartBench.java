package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Pod start latency as Kubernetes' SLO defines it: from the create request of a pod (here pinned
 * to a node with nodeName, a trivial {@code sleep} container) to a watcher seeing it Running with
 * Ready=True. Pods are created at a steady pace while one watch observes them all.
 */
public final class PodStartBench {
  /** One run's outcome: per-pod latencies, and pods that never became ready. */
  public record Result(Latencies latencies, int notReady) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BenchClient client;
  private final String baseUrl;
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();

  public PodStartBench(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client = new BenchClient(baseUrl);
  }

  /** The first node whose Ready condition is True, waiting for one up to the timeout. */
  public String readyNode(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/nodes")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      for (JsonNode node : Json.MAPPER.readTree(resp.body()).path("items")) {
        for (JsonNode c : node.path("status").path("conditions")) {
          if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
            return node.path("metadata").path("name").asText();
          }
        }
      }
      Thread.sleep(200);
    }
    throw new IOException("no node became Ready within " + timeout.toSeconds() + " s");
  }

  /** Creates {@code count} pods named prefix-i on the node, {@code perSecond} a second, and waits for them. */
  public Result run(String node, String prefix, int count, double perSecond, Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<Void> watching = watch(prefix);
    long intervalNanos = (long) (1e9 / perSecond);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      String name = prefix + "-" + i;
      created.put(name, System.nanoTime());
      BenchClient.Answer a = client.create("/api/v1/namespaces/default/pods", manifest(name, prefix, node));
      if (a.status() != 201) throw new IOException("creating " + name + " answered HTTP " + a.status() + ": " + a.errorBody());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && readyCount(prefix) < count) Thread.sleep(50);
    watching.cancel(true);
    List<long[]> samples = new ArrayList<>();
    int notReady = 0;
    long[] all = new long[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      Long r = ready.get(name);
      if (r == null) notReady++;
      else all[n++] = r - created.get(name);
    }
    samples.add(java.util.Arrays.copyOf(all, n));
    return new Result(Latencies.of(samples.toArray(long[][]::new)), notReady);
  }

  /** Deletes the run's pods and waits until they are gone, so their processes stop. */
  public void deleteAll(String prefix, Duration timeout) throws IOException, InterruptedException {
    String selector = "bench-run%3D" + prefix;
    http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/namespaces/default/pods?labelSelector=" + selector))
        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
          URI.create(baseUrl + "/api/v1/namespaces/default/pods?labelSelector=" + selector)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (Json.MAPPER.readTree(resp.body()).path("items").isEmpty()) return;
      Thread.sleep(200);
    }
    throw new IOException("pods of " + prefix + " were not gone within " + timeout.toSeconds() + " s");
  }

  private int readyCount(String prefix) {
    int n = 0;
    for (String name : ready.keySet()) if (name.startsWith(prefix + "-")) n++;
    return n;
  }

  private CompletableFuture<Void> watch(String prefix) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl
            + "/api/v1/namespaces/default/pods?watch=true&labelSelector=bench-run%3D" + prefix)).GET().build();
    CompletableFuture<HttpResponse<Stream<String>>> resp = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
    return resp.thenAcceptAsync(r -> r.body().forEach(line -> {
      long now = System.nanoTime();
      try {
        JsonNode pod = Json.MAPPER.readTree(line).path("object");
        if (isRunningAndReady(pod)) ready.putIfAbsent(pod.path("metadata").path("name").asText(), now);
      } catch (IOException e) {
        // a line that is not an event is not a pod becoming ready
      }
    }));
  }

  private static boolean isRunningAndReady(JsonNode pod) {
    if (!"Running".equals(pod.path("status").path("phase").asText())) return false;
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) return "True".equals(c.path("status").asText());
    }
    return false;
  }

  private static String manifest(String name, String run, String node) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"bench-run":"%s"}},
         "spec":{"nodeName":"%s","terminationGracePeriodSeconds":1,
                 "containers":[{"name":"app","image":"busybox","command":["sleep","3600"]}]}}
        """.formatted(name, run, node);
  }
}
