package io.coxswain.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit benchmark's client: writes the history to replay (one object updated many times, many
 * objects in one namespace) and reads audit views back, timing each read from request to last
 * byte while counting items as they stream in.
 */
public final class AuditBench {
  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;

  public AuditBench(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** One timed read: HTTP status, items in the streamed list (-1 for a single object), bytes, time to first byte and to the end. */
  public record Read(int status, long items, long bytes, double firstByteSeconds, double seconds) {}

  public void createNamespace(String name) throws IOException, InterruptedException {
    expect(send("POST", "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"" + name + "\"}}"), 201, "namespace " + name);
  }

  /** A ConfigMap written {@code versions} times in all: created, then merge-patched by {@code concurrency} clients. */
  public void writeVersions(String namespace, String name, int versions, int concurrency) throws InterruptedException {
    String collection = "/api/v1/namespaces/" + namespace + "/configmaps";
    try {
      expect(send("POST", collection, "application/json",
          "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"version\":\"1\"}}"), 201, "configmap " + name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    parallel(2, versions + 1, concurrency, i -> send("PATCH", collection + "/" + name, "application/merge-patch+json",
        "{\"data\":{\"version\":\"" + i + "\"}}"), 200);
  }

  /** {@code count} ConfigMaps in {@code namespace}, created by {@code concurrency} clients. */
  public void createObjects(String namespace, int count, int concurrency) throws InterruptedException {
    String collection = "/api/v1/namespaces/" + namespace + "/configmaps";
    parallel(0, count, concurrency, i -> send("POST", collection, "application/json",
        "{\"metadata\":{\"name\":\"cm-" + i + "\",\"labels\":{\"bench\":\"audit\"}},\"data\":{\"index\":\"" + i + "\"}}"), 201);
  }

  /** GETs an audit path, reading the body to its end; a list's items are counted as they arrive. */
  public Read read(String path, boolean list) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(10))
        .header("Accept", "application/json").GET().build();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    double firstByte = (System.nanoTime() - t0) / 1e9;
    try (Counting body = new Counting(resp.body())) {
      long items = -1;
      if (resp.statusCode() == 200 && list) items = countItems(body);
      else body.readAllBytes();
      return new Read(resp.statusCode(), items, body.count, firstByte, (System.nanoTime() - t0) / 1e9);
    }
  }

  private interface Request {
    HttpResponse<String> send(int index) throws IOException, InterruptedException;
  }

  private static void parallel(int from, int to, int concurrency, Request request, int expected) throws InterruptedException {
    AtomicInteger next = new AtomicInteger(from);
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> loops = new ArrayList<>();
    for (int k = 0; k < concurrency; k++) {
      Thread t = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < to && failure.get() == null; i = next.getAndIncrement()) {
          try {
            HttpResponse<String> r = request.send(i);
            if (r.statusCode() != expected) failure.compareAndSet(null, "HTTP " + r.statusCode() + ": " + r.body());
          } catch (IOException e) {
            failure.compareAndSet(null, e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "audit-bench-" + k);
      t.setDaemon(true);
      loops.add(t);
      t.start();
    }
    for (Thread t : loops) t.join();
    if (failure.get() != null) throw new IllegalStateException("a write failed: " + failure.get());
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType).header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> r, int code, String what) {
    if (r.statusCode() != code) throw new IllegalStateException(what + ": HTTP " + r.statusCode() + ": " + r.body());
  }

  private static long countItems(InputStream body) throws IOException {
    long items = 0;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("an audit list is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("items".equals(field) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            items++;
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return items;
  }

  private static final class Counting extends java.io.FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) count += n;
      return n;
    }
  }
}
