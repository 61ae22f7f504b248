package io.coxswain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The admin kubeconfig a server writes into its data directory. */
public final class Kubeconfig {
  private Kubeconfig() {}

  public static Path write(Path dataDir, String serverUrl, String user) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: coxswain
          cluster:
            server: %s
        users:
        - name: %s
          user: {}
        contexts:
        - name: coxswain
          context:
            cluster: coxswain
            user: %s
            namespace: default
        current-context: coxswain
        preferences: {}
        """.formatted(serverUrl, user, user);
    Path file = dataDir.resolve("kubeconfig.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
