package io.coxswain.agent.runtime;

import java.util.List;
import java.util.Map;

/**
 * One container to start, fully resolved by the agent: the command line after {@code $(VAR)}
 * expansion, the environment after valueFrom/envFrom, mounts pointing at materialised volumes.
 *
 * @param attempt 0 for the first start, then one more per restart (restartCount)
 * @param argv the command and its arguments; never empty
 * @param env the environment in declaration order
 * @param workingDir null for the runtime's default
 * @param memoryLimitBytes 0 for no limit
 * @param cpuLimitMillis 0 for no limit
 */
public record ContainerConfig(
    String name,
    int attempt,
    String image,
    List<String> argv,
    Map<String, String> env,
    String workingDir,
    List<Mount> mounts,
    long memoryLimitBytes,
    long cpuLimitMillis,
    boolean tty,
    boolean stdin) {

  /** A volume (or one file of it) made visible to the container at {@code containerPath}. */
  public record Mount(java.nio.file.Path source, String containerPath, boolean readOnly) {}
}
