package io.coxswain.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.kinds.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineFactsTest {
  @TempDir Path dir;

  private void write(String relative, String content) throws Exception {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void machineFactsReadThisMachine() {
    MachineFacts facts = MachineFacts.read(dir.resolve("data"));
    assertTrue(facts.cpuCores() >= 1);
    assertTrue(facts.memoryBytes() > 64L << 20, "memory: " + facts.memoryBytes());
    assertTrue(facts.ephemeralStorageBytes() > 0);
    assertFalse(facts.hostname().isEmpty());
    assertEquals(facts.hostname().toLowerCase(), facts.hostname());
    assertTrue(IpAddress.isIPv4(facts.internalIP()), facts.internalIP());
    assertTrue(List.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64").contains(facts.architecture()),
        facts.architecture());
    assertFalse(facts.kernelVersion().isEmpty());
    assertFalse(facts.osImage().isEmpty());
    assertTrue(facts.usage().memoryAvailableBytes() > 0);
    assertTrue(facts.usage().diskFreeBytes() > 0 && facts.usage().diskFreeBytes() <= facts.usage().diskTotalBytes());
    if (facts.operatingSystem().equals("linux")) {
      assertTrue(facts.usage().pidMax() > 0);
      assertTrue(facts.usage().processes() > 0);
      assertEquals(32, facts.bootID().replace("-", "").length(), facts.bootID());
    }
  }

  @Test
  void readsProcAndEtcFiles() throws Exception {
    write("proc/cpuinfo", "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n\nprocessor\t: 2\n");
    write("proc/meminfo", "MemTotal:       16318412 kB\nMemFree:  1000 kB\nMemAvailable:   8000000 kB\n");
    write("proc/sys/kernel/hostname", "Build-Box\n");
    write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    write("proc/sys/kernel/random/boot_id", "6f1f8d6c-1111-2222-3333-444455556666\n");
    write("proc/sys/kernel/osrelease", "6.1.0-test\n");
    write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
    write("proc/loadavg", "0.10 0.20 0.30 2/345 9999\n");
    write("proc/sys/kernel/pid_max", "4194304\n");
    MachineFacts facts = new MachineFactsReader(dir).read(dir);
    assertEquals(3, facts.cpuCores());
    assertEquals(16318412L * 1024, facts.memoryBytes());
    assertEquals("build-box", facts.hostname());
    assertEquals("0123456789abcdef0123456789abcdef", facts.machineID());
    assertEquals("6f1f8d6c-1111-2222-3333-444455556666", facts.bootID());
    assertEquals("6.1.0-test", facts.kernelVersion());
    assertEquals("Debian GNU/Linux 12 (bookworm)", facts.osImage());
    assertEquals("", facts.systemUUID());
    assertEquals(8000000L * 1024, facts.usage().memoryAvailableBytes());
    assertEquals(345, facts.usage().processes());
    assertEquals(4194304, facts.usage().pidMax());
  }

  @Test
  void findsTheDefaultRouteInterface() throws Exception {
    write("proc/net/route", """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        eth7\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
        """);
    assertEquals(Optional.of("eth7"), new MachineFactsReader(dir).defaultRouteInterface());
  }

  @Test
  void hollowNodeHasFixedFacts() {
    MachineFacts a = MachineFacts.hollow("hollow-1", "10.9.0.1");
    assertEquals(32, a.cpuCores());
    assertEquals(256L * 1024 * 1024 * 1024, a.memoryBytes());
    assertEquals(100L * 1024 * 1024 * 1024, a.ephemeralStorageBytes());
    assertEquals("10.9.0.1", a.internalIP());
    assertEquals("hollow-1", a.hostname());
    assertEquals(a, MachineFacts.hollow("hollow-1", "10.9.0.1"), "a restarted hollow node reports the same facts");
    assertNotEquals(a.machineID(), MachineFacts.hollow("hollow-2", "10.9.0.2").machineID());
    assertEquals(32, a.machineID().length());
  }

  @Test
  void mapsJavaArchitectureToGoNames() {
    assertEquals("amd64", MachineFacts.goArch("amd64"));
    assertEquals("amd64", MachineFacts.goArch("x86_64"));
    assertEquals("arm64", MachineFacts.goArch("aarch64"));
    assertEquals("386", MachineFacts.goArch("x86"));
    assertEquals("linux", MachineFacts.goOs("Linux"));
    assertEquals("darwin", MachineFacts.goOs("Mac OS X"));
  }
}
