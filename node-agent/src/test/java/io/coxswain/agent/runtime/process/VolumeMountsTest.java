package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerConfig.Mount;
import io.coxswain.agent.runtime.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Volumes are bind-mounted at their container paths inside each container's private mount
 * namespace. Container paths here live under the test's root directory, so nothing is created
 * elsewhere on the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeMountsTest {
  private RuntimeFixture fixture;
  private Path volume;
  private Path containerView;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(4).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  private ContainerStatus run(String pod, List<Mount> mounts, String script) throws Exception {
    fixture.sandbox(pod);
    ContainerConfig config = new ContainerConfig("app", 0, "none", List.of("bash", "-c", script), RuntimeFixture.BASE_ENV, null, mounts, 0, 0, false, false);
    ContainerStatus started = fixture.runtime.startContainer(pod, config);
    return fixture.awaitExit(started.id());
  }

  private void prepareVolume(String name) throws IOException {
    volume = Files.createDirectories(fixture.root.resolve("volumes").resolve(name));
    Files.writeString(volume.resolve("hello.txt"), "hello from the volume\n");
    containerView = fixture.root.resolve("container-fs").resolve(name).resolve("data");
  }

  @Test
  void volumeFilesAppearAtTheContainerPath() throws Exception {
    prepareVolume("visible");
    ContainerStatus done = run("visible", List.of(new Mount(volume, containerView.toString(), false)), "cat " + containerView + "/hello.txt");
    assertEquals(0, done.exitCode(), "log: " + fixture.logLines(done.id()));
    assertEquals(List.of("hello from the volume"), fixture.logLines(done.id()).stream().map(line -> line.substring(line.indexOf(" F ") + 3)).toList());
    assertTrue(Files.isDirectory(containerView), "the missing mount point was created");
    assertFalse(Files.exists(containerView.resolve("hello.txt")), "the mount itself is private to the container");
  }

  @Test
  void writableVolumeTakesWrites() throws Exception {
    prepareVolume("writable");
    ContainerStatus done = run("writable", List.of(new Mount(volume, containerView.toString(), false)), "echo written > " + containerView + "/out.txt");
    assertEquals(0, done.exitCode(), "log: " + fixture.logLines(done.id()));
    assertEquals("written\n", Files.readString(volume.resolve("out.txt")));
  }

  @Test
  void readOnlyVolumeRefusesWrites() throws Exception {
    prepareVolume("read-only");
    ContainerStatus done = run("read-only", List.of(new Mount(volume, containerView.toString(), true)),
        "cat " + containerView + "/hello.txt && echo nope > " + containerView + "/out.txt");
    assertNotEquals(0, done.exitCode(), "the write must fail");
    List<String> log = fixture.logLines(done.id());
    assertTrue(log.stream().anyMatch(line -> line.endsWith("stdout F hello from the volume")), "reads work: " + log);
    assertTrue(log.stream().anyMatch(line -> line.contains("stderr F") && line.contains("Read-only file system")), "log: " + log);
    assertFalse(Files.exists(volume.resolve("out.txt")));
  }

  @Test
  void singleFileIsMountedAtAFilePath() throws Exception {
    prepareVolume("single-file");
    Path target = containerView.resolveSibling("config").resolve("app.conf");
    ContainerStatus done = run("single-file", List.of(new Mount(volume.resolve("hello.txt"), target.toString(), true)), "cat " + target);
    assertEquals(0, done.exitCode(), "log: " + fixture.logLines(done.id()));
    assertTrue(fixture.logLines(done.id()).get(0).endsWith("stdout F hello from the volume"));
  }

  @Test
  void mountInsideAnotherMountLandsOnTop() throws Exception {
    prepareVolume("nested");
    Path inner = Files.createDirectories(fixture.root.resolve("volumes").resolve("nested-inner"));
    Files.writeString(inner.resolve("inner.txt"), "inner\n");
    // listed child first: the runtime must still mount the parent first
    List<Mount> mounts = List.of(new Mount(inner, containerView + "/sub", true), new Mount(volume, containerView.toString(), false));
    ContainerStatus done = run("nested", mounts, "cat " + containerView + "/hello.txt " + containerView + "/sub/inner.txt");
    assertEquals(0, done.exitCode(), "log: " + fixture.logLines(done.id()));
    assertEquals(2, fixture.logLines(done.id()).size());
  }

  @Test
  void mountPathsBecomeVariableNamesWhenMountsCannotBeMade() {
    assertEquals("COXSWAIN_MOUNT_ETC_APP_CONFIG", ProcessContainers.mountVariable("/etc/app-config"));
    assertEquals("COXSWAIN_MOUNT_DATA", ProcessContainers.mountVariable("/data/"));
  }
}
