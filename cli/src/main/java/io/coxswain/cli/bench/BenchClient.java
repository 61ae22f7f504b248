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

/** The requests the benchmark sends, over one keep-alive HTTP/1.1 client. */
public final class BenchClient {
  /** One answer: the status code and, for anything but the expected code, the body. */
  public record Answer(int status, String errorBody) {}

  /** A LIST answer: how many items it carried and how many bytes it took. */
  public record Listing(int status, long items, long bytes) {}

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http;
  private final String baseUrl;

  public BenchClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public boolean ready() {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).timeout(Duration.ofSeconds(2)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Answer createPod(int index) throws IOException, InterruptedException {
    return create("/api/v1/namespaces/default/pods", podManifest(index));
  }

  /** POSTs a JSON manifest to a collection path; 201 is the expected answer. */
  public Answer create(String collectionPath, String manifest) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + collectionPath))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(manifest))
        .build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Answer(resp.statusCode(), resp.statusCode() == 201 ? null : resp.body());
  }

  /**
   * Lists every pod in every namespace without a resourceVersion, which asks for a consistent
   * read, and counts the items while streaming so the client never holds the whole document.
   */
  public Listing listAllPods() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/pods"))
        .timeout(Duration.ofMinutes(5))
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (CountingStream body = new CountingStream(resp.body())) {
      if (resp.statusCode() != 200) {
        body.readAllBytes();
        return new Listing(resp.statusCode(), 0, body.count);
      }
      return new Listing(200, countItems(body), body.count);
    }
  }

  private static long countItems(InputStream body) throws IOException {
    long items = 0;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("a LIST answer is not a JSON object");
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

  /**
   * A small, realistic Pod: labels, one container with an image, a port and resource requests. It
   * names a scheduler that does not run, so it stays Pending untouched and the benchmark measures
   * the store alone, like the kube-apiserver + etcd figures it is compared with.
   */
  static String podManifest(int index) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bench-%d","namespace":"default",\
        "labels":{"app":"bench","tier":"web","bench-shard":"s%d"},\
        "annotations":{"bench/purpose":"create throughput"}},\
        "spec":{"containers":[{"name":"web","image":"nginx:1.27",\
        "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],\
        "env":[{"name":"POD_INDEX","value":"%d"}],\
        "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}}}],\
        "restartPolicy":"Always","schedulerName":"coxswain-bench-none"}}""".formatted(index, index % 16, index);
  }

  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
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
