package io.coxswain.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * httpGet checks the way kubelet makes them: HTTP/1.1, any certificate accepted for HTTPS (a probe
 * checks health, not identity), redirects followed only while they stay on the same host — a
 * redirect elsewhere ends the check with that 3xx answer, which counts as success.
 */
public final class HttpGetProber {
  /** Kubelet reads at most this much of a body. */
  private static final int MAX_BODY = 10 * 1024;
  private static final int MAX_REDIRECTS = 10;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /** Some applications recognise probes by kubelet's user agent prefix. */
  private static final String USER_AGENT = "kube-probe/coxswain";

  private final HttpClient client;

  /** What a GET ended with: the final status code and the start of its body. */
  public record Answer(URI uri, int status, String body, boolean redirectedAway) {}

  public HttpGetProber(HttpClient client) {
    this.client = client;
  }

  /** One client for the whole agent: it owns a selector thread and a connection pool. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(trustingEveryone())
        .build();
  }

  /** A probe: 200–399 succeeds, anything else or no answer fails. Blocks up to the timeout. */
  public ProbeOutcome probe(Handler.HttpGet action, ProbeTarget target, Duration timeout) {
    URI uri;
    try {
      uri = uri(action, target);
    } catch (IllegalArgumentException e) {
      return ProbeOutcome.failure(e.getMessage());
    }
    try {
      Answer a = get(uri, action, timeout);
      if (a.status() >= 200 && a.status() < 400) {
        return ProbeOutcome.success(a.redirectedAway() ? "Probe terminated redirects, Response body: " + a.body() : a.body());
      }
      return ProbeOutcome.failure("HTTP probe failed with statuscode: " + a.status());
    } catch (IOException e) {
      return ProbeOutcome.failure(describe(uri, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeOutcome.unknown("interrupted");
    }
  }

  /** The URL a check goes to: scheme://host:port/path, host defaulting to the pod's address. */
  public static URI uri(Handler.HttpGet action, ProbeTarget target) {
    String scheme = action.scheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("unsupported scheme: " + action.scheme());
    String host = target.hostOr(action.host());
    if (host == null || host.isEmpty()) throw new IllegalArgumentException("no host to probe: the pod has no IP yet");
    if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
    String path = action.path().isEmpty() ? "/" : action.path().startsWith("/") ? action.path() : "/" + action.path();
    try {
      return new URI(scheme + "://" + host + ":" + target.resolvePort(action.port()) + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid probe URL: " + e.getMessage());
    }
  }

  /** GETs the URL, following same-host redirects; blocks up to the timeout per request. */
  public Answer get(URI uri, Handler.HttpGet action, Duration timeout) throws IOException, InterruptedException {
    String originalHost = uri.getHost();
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = client.send(request(current, action, timeout), HttpResponse.BodyHandlers.ofInputStream());
      String body = readBody(response.body());
      String location = response.headers().firstValue("Location").orElse(null);
      if (!REDIRECTS.contains(response.statusCode()) || location == null) return new Answer(current, response.statusCode(), body, false);
      URI next = current.resolve(location);
      if (next.getHost() == null || !next.getHost().equalsIgnoreCase(originalHost)) {
        return new Answer(current, response.statusCode(), body, true);
      }
      if (hop + 1 >= MAX_REDIRECTS) throw new IOException("stopped after " + MAX_REDIRECTS + " redirects");
      current = next;
    }
  }

  private static HttpRequest request(URI uri, Handler.HttpGet action, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(timeout);
    boolean userAgent = false;
    boolean accept = false;
    for (Handler.Header h : action.headers()) {
      try {
        b.header(h.name(), h.value());
        userAgent |= h.name().equalsIgnoreCase("User-Agent");
        accept |= h.name().equalsIgnoreCase("Accept");
      } catch (IllegalArgumentException restricted) {
        // The JDK client refuses headers it manages itself (Host, Connection, …); the check goes without them.
      }
    }
    if (!userAgent) b.header("User-Agent", USER_AGENT);
    if (!accept) b.header("Accept", "*/*");
    return b.build();
  }

  private static String readBody(InputStream in) throws IOException {
    try (in) {
      return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    }
  }

  /** Go's net/http wording, which users know from kubelet's events. */
  static String describe(URI uri, IOException e) {
    String prefix = "Get \"" + uri + "\": ";
    if (e instanceof HttpTimeoutException) return prefix + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
    if (e instanceof ConnectException) return prefix + "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": connect: connection refused";
    return prefix + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
  }

  private static SSLContext trustingEveryone() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  /**
   * Kubelet probes HTTPS with InsecureSkipVerify. An extended trust manager that checks nothing also
   * skips the JDK's host name check, which it would otherwise do for plain X509TrustManagers.
   */
  private static final class TrustingManager extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
