package io.coxswain.agent.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumeSetUpTest {
  @TempDir Path dir;

  private Path pod() {
    return dir.resolve("pods/uid-1");
  }

  private PodInputException hostPathFailure(Path path, String type) {
    return assertThrows(PodInputException.class,
        () -> PodVolumeSetUp.setUp(pod(), List.of(new PodVolume.HostPath("h", path.toString(), type))));
  }

  @Test
  void laysVolumesOutLikeKubelet() throws Exception {
    Map<String, Path> paths = PodVolumeSetUp.setUp(pod(), List.of(
        new PodVolume.EmptyDir("scratch"),
        new PodVolume.Files("config", PodVolumes.CONFIG_MAP,
            List.of(new VolumeFile("k", "v".getBytes(StandardCharsets.UTF_8), 0644)))));
    assertEquals(pod().resolve("volumes/kubernetes.io~empty-dir/scratch"), paths.get("scratch"));
    assertEquals(pod().resolve("volumes/kubernetes.io~configmap/config"), paths.get("config"));
    assertTrue(Files.isDirectory(paths.get("scratch")));
    assertEquals(0777, VolumeWriter.modeOf(paths.get("scratch")));
    assertEquals("v", Files.readString(paths.get("config").resolve("k")));
  }

  @Test
  void settingUpAgainKeepsEmptyDirContentsAndUpdatesFiles() throws Exception {
    PodVolumeSetUp.setUp(pod(), List.of(new PodVolume.EmptyDir("scratch"),
        new PodVolume.Files("config", PodVolumes.CONFIG_MAP, List.of(new VolumeFile("k", new byte[] {'1'}, 0644)))));
    Path scratch = pod().resolve("volumes/kubernetes.io~empty-dir/scratch");
    Files.writeString(scratch.resolve("work"), "kept");
    Map<String, Path> paths = PodVolumeSetUp.setUp(pod(), List.of(new PodVolume.EmptyDir("scratch"),
        new PodVolume.Files("config", PodVolumes.CONFIG_MAP, List.of(new VolumeFile("k", new byte[] {'2'}, 0644)))));
    assertEquals("kept", Files.readString(scratch.resolve("work")));
    assertEquals("2", Files.readString(paths.get("config").resolve("k")));
  }

  @Test
  void hostPathOrCreateTypesCreateWhatIsMissing() throws Exception {
    Path newDir = dir.resolve("host/new-dir");
    Path newFile = dir.resolve("new-file");
    Map<String, Path> paths = PodVolumeSetUp.setUp(pod(), List.of(
        new PodVolume.HostPath("d", newDir.toString(), "DirectoryOrCreate"),
        new PodVolume.HostPath("f", newFile.toString(), "FileOrCreate")));
    assertTrue(Files.isDirectory(newDir));
    assertTrue(Files.isRegularFile(newFile));
    assertEquals(newDir, paths.get("d"));
    assertEquals(0, Files.size(newFile));
  }

  @Test
  void hostPathTypeMismatchFailsWithKubeletsMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    PodInputException e = hostPathFailure(file, "Directory");
    assertEquals("FailedMount", e.reason());
    assertEquals("MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: " + file
        + " is not a directory", e.getMessage());
    assertTrue(hostPathFailure(dir, "File").getMessage().endsWith(dir + " is not a file"));
    assertTrue(hostPathFailure(dir, "FileOrCreate").getMessage().endsWith(dir + " is not a file"));
    assertTrue(hostPathFailure(file, "Socket").getMessage().endsWith(file + " is not a socket file"));
    assertTrue(hostPathFailure(dir.resolve("absent"), "Directory").getMessage().endsWith("is not a directory"));
    assertTrue(hostPathFailure(file, "Bogus").getMessage().endsWith("Bogus is an invalid volume type"));
  }

  @Test
  void hostPathWithoutTypeIsNotChecked() throws Exception {
    Path absent = dir.resolve("absent");
    assertEquals(absent, PodVolumeSetUp.setUp(pod(), List.of(new PodVolume.HostPath("h", absent.toString(), ""))).get("h"));
  }

  @Test
  void createsMissingSubPathDirectoriesInsideVolumesOnly() throws Exception {
    Map<String, Path> paths = PodVolumeSetUp.setUp(pod(), List.of(new PodVolume.EmptyDir("data")));
    Path inside = paths.get("data").resolve("pg/db");
    Path outside = dir.resolve("elsewhere");
    PodVolumeSetUp.createMissingSubPaths(List.of(
        new ContainerConfig.Mount(inside, "/var/lib/postgresql", false),
        new ContainerConfig.Mount(outside, "/x", false)), paths.values());
    assertTrue(Files.isDirectory(inside));
    assertTrue(Files.notExists(outside));
  }
}
