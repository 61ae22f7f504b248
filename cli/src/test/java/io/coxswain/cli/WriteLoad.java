package io.coxswain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Steady creates and updates of ConfigMaps and Pods through every member, remembering for each
 * object what the server acknowledged last and which later writes got no clear answer (a write
 * that timed out may still have been applied). {@link #check} then compares what a member
 * serves with that record.
 */
final class WriteLoad {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** What one client knows about one object. */
  static final class Tracked {
    final String kind;
    final String name;
    boolean created;
    long acked = -1;
    String ackedRv;
    final Set<Long> unanswered = new HashSet<>();

    Tracked(String kind, String name) {
      this.kind = kind;
      this.name = name;
    }

    String collection() {
      return "/api/v1/namespaces/default/" + (kind.equals("ConfigMap") ? "configmaps" : "pods");
    }
  }

  private final Supplier<List<String>> members;
  private final Map<String, Tracked> objects = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong longestFailureMillis = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();

  /** @param members the API URLs of the members believed to be up, asked before every write */
  WriteLoad(Supplier<List<String>> members) {
    this.members = members;
  }

  void start(int clients, int objectsPerClient) {
    for (int w = 0; w < clients; w++) {
      List<Tracked> own = new ArrayList<>();
      for (int k = 0; k < objectsPerClient; k++) {
        Tracked t = new Tracked(k % 2 == 0 ? "ConfigMap" : "Pod", "load-" + w + "-" + k);
        own.add(t);
        objects.put(t.name, t);
      }
      Thread thread = new Thread(() -> run(own), "write-load-" + w);
      thread.setDaemon(true);
      workers.add(thread);
      thread.start();
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : workers) t.join(30_000);
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long failed() {
    return failed.get();
  }

  /** The longest time one client went from a failed write to its next acknowledged one. */
  long longestFailureMillis() {
    return longestFailureMillis.get();
  }

  Map<String, Tracked> objects() {
    return objects;
  }

  private void run(List<Tracked> own) {
    long value = 0;
    long failingSince = -1;
    while (running.get()) {
      Tracked t = own.get(ThreadLocalRandom.current().nextInt(own.size()));
      value++;
      List<String> urls = members.get();
      String url = urls.get(ThreadLocalRandom.current().nextInt(urls.size()));
      Outcome o = write(url, t, value);
      synchronized (t) {
        switch (o.kind) {
          case ACKED -> {
            t.created = true;
            t.acked = value;
            t.ackedRv = o.resourceVersion;
            t.unanswered.clear();
          }
          case EXISTS -> t.created = true; // an earlier unanswered create was applied after all
          case UNANSWERED -> t.unanswered.add(value);
          case REFUSED -> { /* nothing was written */ }
        }
      }
      if (o.kind == Kind.ACKED) {
        acknowledged.incrementAndGet();
        if (failingSince >= 0) {
          long window = System.currentTimeMillis() - failingSince;
          longestFailureMillis.accumulateAndGet(window, Math::max);
          failingSince = -1;
        }
      } else if (o.kind != Kind.EXISTS) {
        failed.incrementAndGet();
        if (failingSince < 0) failingSince = System.currentTimeMillis();
        sleep(50);
      }
    }
  }

  private enum Kind { ACKED, EXISTS, UNANSWERED, REFUSED }

  private record Outcome(Kind kind, String resourceVersion) {}

  private static Outcome write(String url, Tracked t, long value) {
    boolean create;
    synchronized (t) {
      create = !t.created;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(REQUEST_TIMEOUT);
    if (create) {
      b.uri(URI.create(url + t.collection())).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(manifest(t, value)));
    } else {
      String patch = t.kind.equals("ConfigMap")
          ? "{\"data\":{\"v\":\"" + value + "\"}}"
          : "{\"metadata\":{\"labels\":{\"v\":\"" + value + "\"}}}";
      b.uri(URI.create(url + t.collection() + "/" + t.name)).header("Content-Type", "application/merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(patch));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        return new Outcome(Kind.ACKED, Json.MAPPER.readTree(r.body()).path("metadata").path("resourceVersion").asText());
      }
      if (create && r.statusCode() == 409) return new Outcome(Kind.EXISTS, null);
      // A 5xx may come after the entity persisted (the reply was lost on the way back).
      return new Outcome(r.statusCode() >= 500 ? Kind.UNANSWERED : Kind.REFUSED, null);
    } catch (ConnectException e) {
      return new Outcome(Kind.REFUSED, null); // that member is down: nothing reached it
    } catch (IOException e) {
      return new Outcome(Kind.UNANSWERED, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Kind.UNANSWERED, null);
    }
  }

  private static String manifest(Tracked t, long value) {
    if (t.kind.equals("ConfigMap")) {
      return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + t.name + "\"},\"data\":{\"v\":\"" + value + "\"}}";
    }
    // A scheduler name nobody serves: the pod is only stored, never bound.
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + t.name + "\",\"labels\":{\"v\":\"" + value
        + "\"}},\"spec\":{\"schedulerName\":\"coxswain-test-none\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
  }

  /** The value an object served by a member carries. */
  static long valueOf(String kind, JsonNode object) {
    JsonNode v = kind.equals("ConfigMap") ? object.path("data").path("v") : object.path("metadata").path("labels").path("v");
    return v.isMissingNode() ? -1 : Long.parseLong(v.asText());
  }

  /**
   * What is wrong with one served object, or null. It must carry the last acknowledged write at the
   * acknowledged resourceVersion (nothing else writes these objects, and every write sets a new
   * value), or one of the unanswered writes after it, which may have been applied.
   */
  static String check(Tracked t, JsonNode served) {
    synchronized (t) {
      if (served == null) {
        return t.acked >= 0 ? t.name + ": missing, though write " + t.acked + " was acknowledged" : null;
      }
      long v = valueOf(t.kind, served);
      String rv = served.path("metadata").path("resourceVersion").asText();
      if (v == t.acked) {
        return rv.equals(t.ackedRv) ? null
            : t.name + ": resourceVersion " + rv + " was never acknowledged (the last acknowledged was " + t.ackedRv + ")";
      }
      if (t.unanswered.contains(v) && v > t.acked) return null;
      return t.name + ": serves write " + v + " but the last acknowledged was " + t.acked + " (unanswered after it: " + t.unanswered + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
