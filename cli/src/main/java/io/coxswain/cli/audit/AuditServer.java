package io.coxswain.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Which server the audit commands ask: {@code --server URL}, else the current context's cluster
 * in the kubeconfig ({@code --kubeconfig}, else the first file in KUBECONFIG, else the one a
 * {@code coxswain server} writes into its default data directory).
 */
final class AuditServer {
  static final Path DEFAULT_KUBECONFIG = Paths.get(".coxswain", "kubeconfig.yaml");

  private AuditServer() {}

  static String url(String server, Path kubeconfig) {
    if (server != null && !server.isBlank()) return strip(server);
    Path file = kubeconfig != null ? kubeconfig : fromEnvironment();
    if (!Files.isRegularFile(file)) {
      throw new AuditFailure("no server to ask: " + file + " does not exist; start one with 'coxswain server', "
          + "or give --server URL or --kubeconfig FILE");
    }
    try {
      JsonNode config = Json.YAML.readTree(file.toFile());
      String context = config.path("current-context").asText("");
      String cluster = null;
      for (JsonNode c : config.path("contexts")) {
        if (c.path("name").asText().equals(context)) cluster = c.path("context").path("cluster").asText();
      }
      for (JsonNode c : config.path("clusters")) {
        if (cluster == null || c.path("name").asText().equals(cluster)) {
          String url = c.path("cluster").path("server").asText("");
          if (!url.isEmpty()) return strip(url);
        }
      }
      throw new AuditFailure(file + " names no server for its current context \"" + context + "\"; give --server URL");
    } catch (IOException e) {
      throw new AuditFailure("cannot read the kubeconfig " + file + ": " + e.getMessage());
    }
  }

  private static Path fromEnvironment() {
    String env = System.getenv("KUBECONFIG");
    if (env == null || env.isBlank()) return DEFAULT_KUBECONFIG;
    return Paths.get(env.split(java.io.File.pathSeparator)[0]);
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
