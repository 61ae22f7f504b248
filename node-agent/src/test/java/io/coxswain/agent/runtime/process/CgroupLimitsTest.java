package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ContainerStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Memory and CPU limits through cgroups, OOM kills reported as OOMKilled, cgroups removed with the container. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CgroupLimitsTest {
  private static final long MIB = 1024 * 1024;

  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(2).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  private static ContainerConfig limited(String name, long memoryBytes, long cpuMillis, String... argv) {
    return new ContainerConfig(name, 0, "none", List.of(argv), RuntimeFixture.BASE_ENV, null, List.of(), memoryBytes, cpuMillis, false, false);
  }

  private Cgroups.Placement placementOf(ContainerStatus status) throws IOException {
    return new ContainerDirectory(new RuntimeLayout(fixture.root).container(ContainerId.parse(status.id()))).cgroups();
  }

  @Test
  void containerAllocatingPastItsMemoryLimitIsOomKilled() throws Exception {
    fixture.sandbox("oom");
    ContainerStatus started = fixture.runtime.startContainer("oom",
        limited("hog", 64 * MIB, 0, "python3", "-c", "x = b'x' * (512 * 1024 * 1024); print(len(x))"));
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals(State.EXITED, done.state());
    assertEquals("OOMKilled", done.reason(), "log: " + fixture.logLines(started.id()));
    assertEquals(137, done.exitCode());
  }

  @Test
  void containerWithinItsMemoryLimitCompletes() throws Exception {
    fixture.sandbox("fits");
    ContainerStatus started = fixture.runtime.startContainer("fits",
        limited("small", 128 * MIB, 0, "python3", "-c", "x = b'x' * (16 * 1024 * 1024); print(len(x))"));
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals("Completed", done.reason(), "log: " + fixture.logLines(started.id()));
  }

  @Test
  void memoryLimitIsSetOnTheContainersOwnCgroup() throws Exception {
    fixture.sandbox("memory-file");
    ContainerStatus started = fixture.runtime.startContainer("memory-file", limited("app", 100 * MIB, 0, "cat", "/proc/self/cgroup"));
    fixture.awaitExit(started.id());
    Path memory = placementOf(started).directories().stream().filter(dir -> dir.toString().contains("/memory/")).findFirst().orElseThrow();
    assertEquals(Long.toString(100 * MIB), Files.readString(memory.resolve("memory.limit_in_bytes")).trim());
    String memoryLine = fixture.logLines(started.id()).stream().filter(line -> line.matches(".* F \\d+:memory:.*")).findFirst().orElseThrow();
    assertTrue(memoryLine.endsWith("/coxswain-test/" + fixture.bridge() + "/" + started.id()), "the container ran in its cgroup: " + memoryLine);
  }

  @Test
  void cpuLimitThrottlesABusyContainer() throws Exception {
    fixture.sandbox("cpu");
    ContainerStatus started = fixture.runtime.startContainer("cpu", limited("spin", 0, 100, "python3", "-c",
        "import time\nt = time.time()\nwhile time.time() - t < 0.6: pass"));
    assertEquals(0, fixture.awaitExit(started.id()).exitCode());
    Path cpu = placementOf(started).directories().stream().filter(dir -> dir.toString().contains("/cpu/")).findFirst().orElseThrow();
    assertEquals("10000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim(), "100m is 10 ms per 100 ms period");
    long throttled = Files.readAllLines(cpu.resolve("cpu.stat")).stream()
        .filter(line -> line.startsWith("nr_throttled ")).mapToLong(line -> Long.parseLong(line.split(" ")[1])).findFirst().orElse(0);
    System.out.println("periods throttled while spinning 0.6 s at 100m: " + throttled);
    assertTrue(throttled > 0, "a spinning process at 100m must have been throttled");
  }

  @Test
  void removingTheContainerRemovesItsCgroups() throws Exception {
    fixture.sandbox("cgroup-removal");
    ContainerStatus started = fixture.runtime.startContainer("cgroup-removal", limited("app", 64 * MIB, 500, "sleep", "60"));
    List<Path> dirs = placementOf(started).directories();
    assertEquals(2, dirs.size(), "memory and cpu: " + dirs);
    dirs.forEach(dir -> assertTrue(Files.isDirectory(dir), dir + " exists while the container runs"));
    fixture.runtime.removeContainer(started.id());
    dirs.forEach(dir -> assertFalse(Files.exists(dir), dir + " is gone"));
  }
}
