package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small formats the runtime reads: /proc stat lines, cgroup tables, ids, shim files, exit reasons. */
class ProcessStateParsingTest {

  @Test
  void statLineIsReadFromAfterTheLastParenthesisOfTheCommandName() {
    String line = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615\n";
    ProcIdentity.Stat stat = ProcIdentity.Stat.parse(line).orElseThrow();
    assertEquals('S', stat.state());
    assertEquals(4242, stat.processGroup());
    assertEquals(987654, stat.startTicks());
  }

  @Test
  void ownProcessIsAliveAndARecycledPidOrAnEarlierBootIsNot() {
    ProcIdentity self = ProcIdentity.of(ProcessHandle.current().pid()).orElseThrow();
    assertTrue(self.isAlive());
    assertTrue(!new ProcIdentity(self.bootId(), self.pid(), self.startTicks() + 1).isAlive(), "same pid, other start time: another process");
    assertTrue(!new ProcIdentity("another-boot", self.pid(), self.startTicks()).isAlive(), "same pid and ticks in an earlier boot");
  }

  @Test
  void cgroupV1HierarchiesAndTheAgentsPlaceInThemAreFound() {
    String mountinfo = String.join("\n",
        "25 24 0:22 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
        "26 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
        "27 25 0:24 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
        "28 25 0:25 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
    Map<String, Path> mounts = CgroupsV1.hierarchyMounts(mountinfo);
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), mounts.get("cpu"));
    assertEquals(Path.of("/sys/fs/cgroup/memory"), mounts.get("memory"));
    Map<String, String> own = CgroupsV1.ownCgroups("4:memory:/agent/slice\n3:cpu,cpuacct:/\n0::/agent\n");
    assertEquals("/agent/slice", own.get("memory"));
    assertEquals("/", own.get("cpuacct"));
    assertEquals("/agent", CgroupsV2.ownCgroup("0::/agent\n"));
  }

  @Test
  void containerIdsRoundTripAndRefuseWhatCannotBeAPathOrName() {
    ContainerId id = new ContainerId("7f1c3a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6", "web-server", 3);
    assertEquals("7f1c3a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6_web-server_3", id.toString());
    assertEquals(id, ContainerId.parse(id.toString()));
    assertThrows(IllegalArgumentException.class, () -> new ContainerId("../etc", "web", 0));
    assertThrows(IllegalArgumentException.class, () -> new ContainerId("uid", "Web_Server", 0));
    assertThrows(IllegalArgumentException.class, () -> ContainerId.parse("no-separators"));
  }

  @Test
  void exitReasonsFollowKubernetes() {
    Instant now = Instant.now();
    assertEquals("Completed", new ContainerDirectory.Exit(0, 0, now).reason());
    assertEquals("Error", new ContainerDirectory.Exit(137, 0, now).reason());
    assertEquals("OOMKilled", new ContainerDirectory.Exit(137, 1, now).reason());
    assertEquals("Completed", new ContainerDirectory.Exit(0, 1, now).reason(), "a child was OOM-killed, the container still succeeded");
  }

  @Test
  void bashEpochRealtimeBecomesAnInstant() {
    assertEquals(Instant.ofEpochSecond(1795472539, 26_558_000), ContainerDirectory.epoch("1795472539.026558"));
  }

  @Test
  void settingsRefuseNamesTheKernelOrTheFilesystemWouldNot() {
    assertThrows(IllegalArgumentException.class, () -> ProcessRuntime.Settings.of("10.0.0.0/24", "a-bridge-name-too-long", "10.0.0.5"));
    assertThrows(IllegalArgumentException.class, () -> ProcessRuntime.Settings.of("10.0.0.0/24", "cx0", "10.0.0.5").withCgroupParent("../escape"));
  }
}
