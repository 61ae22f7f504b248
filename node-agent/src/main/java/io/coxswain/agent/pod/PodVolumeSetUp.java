package io.coxswain.agent.pod;

import io.coxswain.agent.runtime.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Materialises a pod's planned volumes on disk, under the pod's directory in kubelet's layout
 * ({@code volumes/kubernetes.io~configmap/<name>}). Running it again with a fresh plan updates
 * ConfigMap and Secret files in place (atomically, see {@link VolumeWriter}) and changes nothing
 * else, so the agent can call it on every resync.
 */
public final class PodVolumeSetUp {
  private PodVolumeSetUp() {}

  /**
   * @return where each volume is, by volume name, in the pod's order
   * @throws PodInputException reason FailedMount, when a hostPath fails its type check or the disk
   *     refuses a write
   */
  public static Map<String, Path> setUp(Path podDir, List<PodVolume> volumes) throws PodInputException {
    Map<String, Path> paths = new LinkedHashMap<>();
    for (PodVolume v : volumes) {
      try {
        paths.put(v.name(), setUp(podDir, v));
      } catch (IOException | IllegalArgumentException e) {
        throw new PodInputException(PodInputException.FAILED_MOUNT,
            "MountVolume.SetUp failed for volume \"" + v.name() + "\" : " + describe(e));
      }
    }
    return paths;
  }

  private static Path setUp(Path podDir, PodVolume v) throws IOException {
    if (v instanceof PodVolume.EmptyDir e) {
      Path dir = podDir.resolve("volumes").resolve(PodVolumes.EMPTY_DIR).resolve(e.name());
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        // Kubelet makes emptyDirs world-writable: containers may run as any user.
        VolumeWriter.setMode(dir, 0777);
      }
      return dir;
    }
    if (v instanceof PodVolume.HostPath h) {
      Path path = Path.of(h.path());
      HostPathCheck.check(path, h.type());
      return path;
    }
    PodVolume.Files f = (PodVolume.Files) v;
    Path dir = podDir.resolve("volumes").resolve(f.plugin()).resolve(f.name());
    VolumeWriter.write(dir, f.files());
    return dir;
  }

  /**
   * Kubelet creates a subPath that does not exist yet as a directory before the container starts,
   * so that it is not created later with the wrong owner; call this with the container's mounts.
   *
   * @param volumeDirs the result of {@link #setUp}
   */
  public static void createMissingSubPaths(List<ContainerConfig.Mount> mounts, Collection<Path> volumeDirs)
      throws PodInputException {
    for (ContainerConfig.Mount m : mounts) {
      Path source = m.source();
      if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) continue;
      boolean insideVolume = volumeDirs.stream().anyMatch(d -> source.startsWith(d) && !source.equals(d));
      if (!insideVolume) continue;
      try {
        Files.createDirectories(source);
      } catch (IOException e) {
        throw new PodInputException(PodInputException.CREATE_CONTAINER_CONFIG_ERROR,
            "failed to create subPath directory for volumeMount at " + m.containerPath());
      }
    }
  }

  private static String describe(Exception e) {
    if (e instanceof HostPathCheck.TypeMismatch || e instanceof IllegalArgumentException) return e.getMessage();
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
