package io.coxswain.agent.runtime;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A running pod sandbox.
 *
 * @param podIP the pod's address: its own when the runtime isolates the network, else the node's
 * @param ownNetwork whether the pod has its own network namespace
 * @param directory where the pod's files live (volumes, logs); null for runtimes without files
 */
public record PodSandbox(
    String podUid, String namespace, String name, String podIP, boolean ownNetwork, Path directory, Instant createdAt) {}
