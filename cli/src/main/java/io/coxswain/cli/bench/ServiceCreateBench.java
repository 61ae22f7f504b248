package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Service creates through the HTTP API, each allocating a cluster IP (and a node port for NodePort
 * Services) by creating its allocation objects, against ConfigMap creates of the same size and
 * client load, which are one entity write each. Afterwards every Service is checked for an
 * address of its own.
 */
public final class ServiceCreateBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchClient client;
  private final String baseUrl;

  public ServiceCreateBench(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client = new BenchClient(baseUrl);
  }

  public CreateLoad.Run configMaps(int from, int to, int concurrency) throws InterruptedException {
    return CreateLoad.run(from, to, concurrency, "configmap bench-cm-", i -> client.create(
        "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"bench-cm-" + i
            + "\",\"labels\":{\"app\":\"bench\"}},\"data\":{\"port\":\"80\",\"target\":\"8080\"}}"));
  }

  public CreateLoad.Run services(String type, int from, int to, int concurrency) throws InterruptedException {
    String prefix = "bench-" + type.toLowerCase() + "-";
    return CreateLoad.run(from, to, concurrency, "service " + prefix, i -> client.create(
        "/api/v1/namespaces/default/services",
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + prefix + i
            + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"type\":\"" + type
            + "\",\"selector\":{\"app\":\"bench-" + i + "\"},\"ports\":[{\"port\":80,\"targetPort\":8080}]}}"));
  }

  /** Whether every Service has its own cluster IP and every node port is used once: counts of duplicates. */
  public Duplicates duplicates() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/services"))
        .timeout(Duration.ofMinutes(2)).header("Accept", "application/json").GET().build();
    HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode list = JSON.readTree(resp.body());
    Set<String> ips = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    int services = 0;
    int ipDuplicates = 0;
    int portDuplicates = 0;
    for (JsonNode svc : list.path("items")) {
      services++;
      String ip = svc.path("spec").path("clusterIP").asText("");
      if (!ip.isEmpty() && !ip.equals("None") && !ips.add(ip)) ipDuplicates++;
      for (JsonNode p : svc.path("spec").path("ports")) {
        int n = p.path("nodePort").asInt(0);
        if (n > 0 && !ports.add(n)) portDuplicates++;
      }
    }
    return new Duplicates(services, ips.size(), ports.size(), ipDuplicates, portDuplicates);
  }

  public record Duplicates(int services, int clusterIps, int nodePorts, int ipDuplicates, int portDuplicates) {}
}
