package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * The service proxy measured through the real stack: a Deployment of {@link BenchHttpServer} pods
 * (real processes in their own network namespaces) behind a NodePort Service, on a fresh server
 * with its node agent. The same load generator runs straight to the pods and through the proxy;
 * then one pod's readiness is failed again and again to time how soon the proxy stops sending it
 * new connections.
 */
public final class ServiceProxyBench {
  public static final String APP = "bench-echo";
  private static final int POD_PORT = 8080;

  /** One flip: how long after the probe failed, and after the API showed the pod not ready, the last new connection reached it. */
  public record Flip(double fromProbeFailMillis, double fromNotReadyMillis) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BenchClient client;
  private final String baseUrl;
  private final int nodePort;

  public ServiceProxyBench(String baseUrl) throws IOException {
    this.baseUrl = baseUrl;
    this.client = new BenchClient(baseUrl);
    this.nodePort = freeNodePort();
  }

  public InetSocketAddress serviceAddress() {
    return new InetSocketAddress("127.0.0.1", nodePort);
  }

  /** Creates the Deployment and Service and waits until the proxy forwards to every replica. */
  public List<InetSocketAddress> deploy(int replicas, Duration timeout) throws IOException, InterruptedException {
    BenchClient.Answer d = client.create("/apis/apps/v1/namespaces/default/deployments", deployment(replicas));
    if (d.status() != 201) throw new IOException("creating the Deployment answered HTTP " + d.status() + ": " + d.errorBody());
    BenchClient.Answer s = client.create("/api/v1/namespaces/default/services", service());
    if (s.status() != 201) throw new IOException("creating the Service answered HTTP " + s.status() + ": " + s.errorBody());
    await("the " + replicas + " pods ready", timeout, () -> readyPods().size() == replicas);
    await("the proxy forwarding to every pod", timeout, () -> {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < 10 * replicas; i++) {
        try {
          seen.add(HttpLoad.get(serviceAddress(), "/"));
        } catch (IOException notYet) {
          return false;
        }
      }
      return seen.size() == replicas;
    });
    List<InetSocketAddress> direct = new ArrayList<>();
    for (JsonNode pod : readyPods()) direct.add(new InetSocketAddress(pod.path("status").path("podIP").asText(), POD_PORT));
    return direct;
  }

  /**
   * Fails the readiness of one pod while paced traffic flows through the Service; returns how long
   * after the probe's failure, and after the API showed the pod not ready, the last new connection
   * still reached it. The pod is healed before returning.
   */
  public Flip flip(Duration settle) throws IOException, InterruptedException {
    JsonNode pod = readyPods().get(0);
    String name = pod.path("metadata").path("name").asText();
    InetSocketAddress podAddress = new InetSocketAddress(pod.path("status").path("podIP").asText(), POD_PORT);
    record Hit(long startNanos, String body) {}
    ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicLong stopAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    List<Thread> loops = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < stopAt.get()) {
          long t0 = System.nanoTime();
          try {
            hits.add(new Hit(t0, HttpLoad.get(serviceAddress(), "/")));
          } catch (IOException e) {
            hits.add(new Hit(t0, "error"));
          }
          sleepUntil(t0 + 2_000_000);
        }
      }, "flip-load-" + i);
      loops.add(t);
      t.start();
    }
    Thread.sleep(300);
    long failedAt = System.nanoTime();
    HttpLoad.get(podAddress, "/fail");
    long notReadyAt = 0;
    while (notReadyAt == 0) {
      if (!podReady(name)) notReadyAt = System.nanoTime();
      else Thread.sleep(10);
      if (System.nanoTime() - failedAt > 60_000_000_000L) throw new IOException(name + " never turned not ready");
    }
    Thread.sleep(settle.toMillis());
    stopAt.set(System.nanoTime());
    for (Thread t : loops) t.join();
    long last = failedAt;
    for (Hit h : hits) if (h.body().equals("pod=" + name) && h.startNanos() > last) last = h.startNanos();
    HttpLoad.get(podAddress, "/recover");
    await(name + " serving again", Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 20; i++) {
        try {
          if (HttpLoad.get(serviceAddress(), "/").equals("pod=" + name)) return true;
        } catch (IOException ignored) {
          // keep trying
        }
      }
      return false;
    });
    return new Flip((last - failedAt) / 1e6, (last - notReadyAt) / 1e6);
  }

  /** Deletes the Deployment and Service and waits until the pods are gone. */
  public void delete(Duration timeout) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/namespaces/default/services/" + APP)).DELETE().build());
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/apis/apps/v1/namespaces/default/deployments/" + APP
        + "?propagationPolicy=Foreground")).DELETE().build());
    await("the pods gone", timeout, () -> pods().isEmpty());
  }

  private List<JsonNode> readyPods() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode pod : pods()) if (ready(pod) && pod.path("metadata").path("deletionTimestamp").isMissingNode()) out.add(pod);
    out.sort(java.util.Comparator.comparing(p -> p.path("metadata").path("name").asText()));
    return out;
  }

  private List<JsonNode> pods() {
    try {
      HttpResponse<String> resp = send(HttpRequest.newBuilder(URI.create(baseUrl
          + "/api/v1/namespaces/default/pods?labelSelector=app%3D" + APP)).GET().build());
      List<JsonNode> out = new ArrayList<>();
      Json.MAPPER.readTree(resp.body()).path("items").forEach(out::add);
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("listing pods: " + e, e);
    }
  }

  private boolean podReady(String name) throws IOException, InterruptedException {
    HttpResponse<String> resp = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/namespaces/default/pods/" + name))
        .GET().build());
    return ready(Json.MAPPER.readTree(resp.body()));
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) return "True".equals(c.path("status").asText());
    }
    return false;
  }

  private HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static String deployment(int replicas) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", APP);
    ObjectNode spec = d.putObject("spec").put("replicas", replicas);
    spec.putObject("selector").putObject("matchLabels").put("app", APP);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", APP);
    ObjectNode pod = template.putObject("spec").put("terminationGracePeriodSeconds", 1);
    ObjectNode c = pod.putArray("containers").addObject().put("name", "http").put("image", "coxswain-bench");
    String java = ProcessHandle.current().info().command().orElse("java");
    c.putArray("command").add(java).add("-Xmx64m").add("-XX:+UseSerialGC").add("-Dsun.net.httpserver.nodelay=true").add("-cp")
        .add(System.getProperty("java.class.path")).add(BenchHttpServer.class.getName()).add(String.valueOf(POD_PORT));
    c.putArray("ports").addObject().put("containerPort", POD_PORT).put("name", "http");
    c.putArray("env").addObject().put("name", "POD_NAME").putObject("valueFrom").putObject("fieldRef")
        .put("fieldPath", "metadata.name");
    c.putObject("readinessProbe").put("periodSeconds", 1).put("failureThreshold", 1)
        .putObject("httpGet").put("path", "/ready").put("port", POD_PORT);
    return d.toString();
  }

  private String service() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("apiVersion", "v1").put("kind", "Service");
    s.putObject("metadata").put("name", APP);
    ObjectNode spec = s.putObject("spec").put("type", "NodePort");
    spec.putObject("selector").put("app", APP);
    spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "http").put("nodePort", nodePort);
    return s.toString();
  }

  private static int freeNodePort() throws IOException {
    Random random = new Random();
    for (int i = 0; i < 100; i++) {
      int port = 30000 + random.nextInt(2768);
      try (ServerSocket s = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in the NodePort range 30000-32767");
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait <= 0) return;
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new IOException("timed out waiting for " + what);
      Thread.sleep(200);
    }
  }
}
