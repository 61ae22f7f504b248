package io.coxswain.cli.audit;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every audit command takes: where the server is and how to print. */
final class AuditOptions {
  @Option(names = "--server", description = "The API server's URL (default: the kubeconfig's).")
  String server;

  @Option(names = "--kubeconfig",
      description = "The kubeconfig naming the server (default: KUBECONFIG, else .coxswain/kubeconfig.yaml).")
  Path kubeconfig;

  @Option(names = {"-o", "--output"}, defaultValue = "table",
      description = "table, json (one JSON object per line for histories and logs) or yaml (default: ${DEFAULT-VALUE}).")
  String output;

  AuditClient client() {
    return new AuditClient(AuditServer.url(server, kubeconfig));
  }

  Output format() {
    return switch (output) {
      case "table", "wide" -> Output.TABLE;
      case "json" -> Output.JSON;
      case "yaml" -> Output.YAML;
      default -> throw new AuditFailure("-o " + output + ": give table, json or yaml");
    };
  }

  enum Output { TABLE, JSON, YAML }
}
