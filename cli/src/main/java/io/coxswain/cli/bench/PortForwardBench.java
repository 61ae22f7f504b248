package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl port-forward against the pod it forwards to, measured with one client for both: a Python
 * HTTP server in a real pod serves a small file and a large one; the same requests go to the pod's
 * address directly and to kubectl's local port (kubectl → API server → node agent → pod).
 */
public final class PortForwardBench {
  private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> \\d+");
  static final String POD = "pf-bench";

  /** Where a run sent its requests. */
  public record Target(String name, String hostPort) {}

  /** A large transfer's best and median rate over several downloads, in MB/s (10^6 bytes). */
  public record Throughput(double bestMbPerSecond, double medianMbPerSecond) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final Path site;
  private final int bigBytes;

  /** Writes the files the pod will serve into {@code site}. */
  public PortForwardBench(String baseUrl, Path site, int bigBytes) throws IOException {
    this.baseUrl = baseUrl;
    this.site = site;
    this.bigBytes = bigBytes;
    Files.writeString(site.resolve("small.txt"), "ok\n");
    byte[] big = new byte[bigBytes];
    new Random(1).nextBytes(big);
    Files.write(site.resolve("big.bin"), big);
  }

  /** Creates the pod on the node and waits until it is Ready; answers its address. */
  public String startPod(String node, Duration timeout) throws IOException, InterruptedException {
    String manifest = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"nodeName":"%s",
         "terminationGracePeriodSeconds":2,"containers":[{"name":"web","image":"python",
         "command":["python3","-m","http.server","8000","--bind","0.0.0.0","--directory","%s"],
         "readinessProbe":{"httpGet":{"path":"/small.txt","port":8000},"periodSeconds":1}}]}}
        """.formatted(POD, node, site);
    BenchClient.Answer created = new BenchClient(baseUrl).create("/api/v1/namespaces/default/pods", manifest);
    if (created.status() != 201) throw new IOException("creating the pod failed: " + created.errorBody());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode pod = Json.MAPPER.readTree(get(baseUrl + "/api/v1/namespaces/default/pods/" + POD));
      for (JsonNode c : pod.path("status").path("conditions")) {
        if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
          return pod.path("status").path("podIP").asText();
        }
      }
      Thread.sleep(200);
    }
    throw new IOException("the pod was not Ready within " + timeout.toSeconds() + " s");
  }

  /** Deletes the pod and waits until it is gone: its agent has stopped the server process. */
  public void deletePod(Duration timeout) throws IOException, InterruptedException {
    URI pod = URI.create(baseUrl + "/api/v1/namespaces/default/pods/" + POD);
    http.send(HttpRequest.newBuilder(pod).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && http.send(HttpRequest.newBuilder(pod).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
      Thread.sleep(200);
    }
  }

  /** Starts {@code kubectl port-forward pod/pf-bench :8000}; answers the process and its local port. */
  public static Forward forward(Path kubeconfig, Path cacheDir, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cacheDir.toString(),
        "port-forward", "pod/" + POD, ":8000").redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (InputStream in = p.getInputStream()) {
        byte[] b = new byte[4096];
        for (int n; (n = in.read(b)) >= 0; ) {
          synchronized (seen) {
            seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
          }
        }
      } catch (IOException ignored) {
        // kubectl was stopped
      }
    }, "kubectl-port-forward-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      synchronized (seen) {
        Matcher m = FORWARDING.matcher(seen);
        if (m.find()) return new Forward(p, Integer.parseInt(m.group(1)));
      }
      Thread.sleep(50);
    }
    p.destroy();
    synchronized (seen) {
      throw new IOException("kubectl port-forward did not start forwarding:\n" + seen);
    }
  }

  /** A running kubectl port-forward. */
  public record Forward(Process process, int localPort) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  /** Downloads the large file {@code runs} times, each on a new connection. */
  public Throughput throughput(Target target, int runs) throws IOException, InterruptedException {
    double[] rates = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long bytes = download(target, "/big.bin");
      if (bytes != bigBytes) throw new IOException(target.name() + ": got " + bytes + " of " + bigBytes + " bytes");
      rates[i] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
    Arrays.sort(rates);
    return new Throughput(rates[runs - 1], rates[runs / 2]);
  }

  /** {@code count} sequential small requests, each on a new connection (the server is HTTP/1.0). */
  public Latencies latencies(Target target, int count) throws IOException, InterruptedException {
    Latencies.Recorder r = new Latencies.Recorder();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      if (download(target, "/small.txt") != 3) throw new IOException(target.name() + ": a short answer");
      r.record(System.nanoTime() - start);
    }
    return Latencies.of(r.values());
  }

  private long download(Target target, String path) throws IOException, InterruptedException {
    HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create("http://" + target.hostPort() + path))
        .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofInputStream());
    long n = 0;
    try (InputStream in = resp.body()) {
      byte[] buf = new byte[64 * 1024];
      for (int k; (k = in.read(buf)) >= 0; ) n += k;
    }
    if (resp.statusCode() != 200) throw new IOException(target.name() + " answered " + resp.statusCode());
    return n;
  }

  private String get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
