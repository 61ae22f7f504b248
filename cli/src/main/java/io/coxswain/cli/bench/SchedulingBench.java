package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Scheduling throughput with the workload Kubernetes' scheduler is measured with: Node objects with
 * allocatable cpu 32 / memory 256Gi / pods 110 (no agents behind them), then pods requesting cpu
 * 100m and memory 100Mi with a nodeSelector and a toleration, created by concurrent clients; one
 * watch notes when each pod gets spec.nodeName.
 */
public final class SchedulingBench {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BenchClient client;
  private final String baseUrl;
  private final Map<String, Long> bound = new ConcurrentHashMap<>();

  /** One run: when creating started and ended, when the last pod was bound, how many never were. */
  public record Result(long startNanos, long createdNanos, long lastBoundNanos, int pods, int unbound, int createFailures) {
    public double createSeconds() {
      return (createdNanos - startNanos) / 1e9;
    }

    public double bindSeconds() {
      return (lastBoundNanos - startNanos) / 1e9;
    }

    public double podsPerSecond() {
      return (pods - unbound) / bindSeconds();
    }
  }

  public SchedulingBench(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client = new BenchClient(baseUrl);
  }

  /** Creates the nodes (each with its status written through /status), {@code concurrency} at a time. */
  public void createNodes(int count, int concurrency) throws InterruptedException, IOException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> error = new AtomicReference<>();
    Thread[] loops = new Thread[concurrency];
    for (int k = 0; k < concurrency; k++) {
      loops[k] = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < count && error.get() == null; i = next.getAndIncrement()) {
          try {
            BenchClient.Answer a = client.create("/api/v1/nodes", node(i));
            if (a.status() != 201) error.compareAndSet(null, "node " + i + ": HTTP " + a.status() + " " + a.errorBody());
            HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/nodes/sched-node-" + i + "/status"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(nodeStatus())).build(), HttpResponse.BodyHandlers.ofString());
            if (s.statusCode() != 200) error.compareAndSet(null, "node " + i + " status: HTTP " + s.statusCode() + " " + s.body());
          } catch (IOException e) {
            error.compareAndSet(null, e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-node-" + k);
      loops[k].setDaemon(true);
      loops[k].start();
    }
    for (Thread t : loops) t.join();
    if (error.get() != null) throw new IOException("creating nodes failed: " + error.get());
  }

  /** Creates the pods with {@code concurrency} closed-loop clients and waits until all are bound. */
  public Result run(int pods, int concurrency, long timeoutNanos) throws IOException, InterruptedException {
    CompletableFuture<Void> watching = watch();
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    Thread[] loops = new Thread[concurrency];
    for (int k = 0; k < concurrency; k++) {
      loops[k] = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < pods && failures.get() < 100; i = next.getAndIncrement()) {
          try {
            BenchClient.Answer a = client.create("/api/v1/namespaces/default/pods", pod(i));
            if (a.status() != 201) {
              failures.incrementAndGet();
              firstError.compareAndSet(null, "HTTP " + a.status() + " " + a.errorBody());
            }
          } catch (IOException e) {
            failures.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-pod-" + k);
      loops[k].setDaemon(true);
      loops[k].start();
    }
    for (Thread t : loops) t.join();
    long created = System.nanoTime();
    if (firstError.get() != null) System.out.println("coxswain bench scheduling: first create error: " + firstError.get());
    long deadline = created + timeoutNanos;
    long nextReport = System.nanoTime() + 5_000_000_000L;
    while (bound.size() < pods - failures.get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      if (System.nanoTime() > nextReport) {
        System.out.printf("coxswain bench scheduling: %d/%d pods bound%n", bound.size(), pods);
        nextReport += 5_000_000_000L;
      }
    }
    watching.cancel(true);
    long last = bound.values().stream().mapToLong(Long::longValue).max().orElse(created);
    return new Result(start, created, last, pods, pods - failures.get() - bound.size(), failures.get());
  }

  private CompletableFuture<Void> watch() throws IOException, InterruptedException {
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/pods?limit=1")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String rv = Json.MAPPER.readTree(list.body()).path("metadata").path("resourceVersion").asText();
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl
        + "/api/v1/namespaces/default/pods?watch=true&labelSelector=bench%3Dscheduling&resourceVersion=" + rv)).GET().build();
    CompletableFuture<HttpResponse<Stream<String>>> resp = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
    return resp.thenAcceptAsync(r -> r.body().forEach(line -> {
      long now = System.nanoTime();
      try {
        JsonNode pod = Json.MAPPER.readTree(line).path("object");
        if (!pod.path("spec").path("nodeName").asText("").isEmpty()) {
          bound.putIfAbsent(pod.path("metadata").path("name").asText(), now);
        }
      } catch (IOException e) {
        // not an event line
      }
    }));
  }

  private static String node(int i) {
    return """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"sched-node-%d","labels":{
          "kubernetes.io/hostname":"sched-node-%d","kubernetes.io/os":"linux","bench-pool":"a"}}}
        """.formatted(i, i);
  }

  private static String nodeStatus() {
    return """
        {"status":{"capacity":{"cpu":"32","memory":"256Gi","pods":"110"},
         "allocatable":{"cpu":"32","memory":"256Gi","pods":"110"},
         "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"bench node"}]}}
        """;
  }

  private static String pod(int i) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"sched-%d","labels":{"bench":"scheduling"}},
         "spec":{"nodeSelector":{"bench-pool":"a"},
                 "tolerations":[{"key":"bench","operator":"Exists","effect":"NoSchedule"}],
                 "containers":[{"name":"app","image":"busybox","command":["sleep","3600"],
                   "resources":{"requests":{"cpu":"100m","memory":"100Mi"}}}]}}
        """.formatted(i);
  }
}
