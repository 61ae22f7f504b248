package io.coxswain.agent.runtime;

/**
 * A pod's sandbox request.
 *
 * @param podUid the pod's metadata.uid; sandboxes are keyed by it
 * @param hostNetwork the pod asked for the node's network (spec.hostNetwork)
 * @param hostname the pod's hostname (spec.hostname or its name)
 */
public record SandboxConfig(String podUid, String namespace, String name, boolean hostNetwork, String hostname) {}
