package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.PodSandbox;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A pod sandbox as persisted in pods/&lt;uid&gt;/sandbox.properties.
 *
 * @param netns the pod's network namespace name, or empty on the host network
 * @param ownHostname whether the pod has its own UTS namespace (pods/&lt;uid&gt;/uts)
 * @param ready false once stopped: the network is released and the podIP no longer the pod's
 */
record SandboxRecord(
    String podUid,
    String namespace,
    String name,
    String podIP,
    String netns,
    boolean ownHostname,
    boolean ready,
    Instant createdAt) {

  boolean ownNetwork() {
    return !netns.isEmpty();
  }

  SandboxRecord stopped() {
    return new SandboxRecord(podUid, namespace, name, podIP, netns, ownHostname, false, createdAt);
  }

  /** A stopped sandbox reports no address: it was released and may already be another pod's. */
  PodSandbox toPodSandbox(Path directory) {
    return new PodSandbox(podUid, namespace, name, ready ? podIP : null, ownNetwork(), directory, createdAt);
  }

  static Optional<SandboxRecord> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return Optional.of(new SandboxRecord(
        p.getProperty("podUid"),
        p.getProperty("namespace", ""),
        p.getProperty("name", ""),
        p.getProperty("podIP", ""),
        p.getProperty("netns", ""),
        Boolean.parseBoolean(p.getProperty("ownHostname")),
        Boolean.parseBoolean(p.getProperty("ready")),
        Instant.parse(p.getProperty("createdAt"))));
  }

  /** Written to a temporary file and moved into place, so a crash never leaves half a record. */
  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("podUid", podUid);
    p.setProperty("namespace", namespace);
    p.setProperty("name", name);
    p.setProperty("podIP", podIP);
    p.setProperty("netns", netns);
    p.setProperty("ownHostname", Boolean.toString(ownHostname));
    p.setProperty("ready", Boolean.toString(ready));
    p.setProperty("createdAt", createdAt.toString());
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temporary)) {
      p.store(out, "coxswain process runtime pod sandbox");
    }
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
