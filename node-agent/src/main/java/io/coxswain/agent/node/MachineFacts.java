package io.coxswain.agent.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * What a node is made of and how loaded it is: the inputs of its capacity, addresses, nodeInfo
 * and pressure conditions. Read from the real machine with {@link #read(Path)} or made up for a
 * hollow (simulated) node with {@link #hollow(String, String)}.
 *
 * @param hostname the machine's host name, lower case as kubelet reports it
 * @param internalIP the node's address for other nodes and the control plane
 * @param operatingSystem Go's GOOS name ("linux")
 * @param architecture Go's GOARCH name ("amd64", "arm64")
 */
public record MachineFacts(
    int cpuCores,
    long memoryBytes,
    long ephemeralStorageBytes,
    String hostname,
    String internalIP,
    String machineID,
    String systemUUID,
    String bootID,
    String kernelVersion,
    String osImage,
    String operatingSystem,
    String architecture,
    Usage usage) {

  /**
   * The current load, re-read more often than the rest: what the pressure conditions are decided on.
   *
   * @param diskFreeBytes space left for unprivileged users in the data directory's file system
   * @param processes tasks (processes and threads) in use
   */
  public record Usage(long memoryAvailableBytes, long diskFreeBytes, long diskTotalBytes, long processes, long pidMax) {}

  public static final int HOLLOW_CPU = 32;
  public static final long HOLLOW_MEMORY = 256L << 30;
  public static final long HOLLOW_EPHEMERAL_STORAGE = 100L << 30;
  /** Linux's default pid_max on 64-bit machines with many cores. */
  static final long HOLLOW_PID_MAX = 4_194_304;

  /** This machine, with ephemeral storage measured where the agent keeps its data. */
  public static MachineFacts read(Path dataDir) {
    return MachineFactsReader.forThisMachine().read(dataDir);
  }

  /** The current load of this machine, for refreshing {@link #usage()} between full reads. */
  public static Usage readUsage(Path dataDir) {
    return MachineFactsReader.forThisMachine().usage(dataDir);
  }

  /**
   * A simulated node: 32 cores, 256Gi memory, 100Gi ephemeral storage, never under pressure. Ids
   * are derived from the name, so a restarted hollow agent reports the same node and does not
   * cause a write.
   */
  public static MachineFacts hollow(String nodeName, String internalIP) {
    String id = UUID.nameUUIDFromBytes(("coxswain-hollow/" + nodeName).getBytes(StandardCharsets.UTF_8)).toString();
    String bootID = UUID.nameUUIDFromBytes(("coxswain-hollow-boot/" + nodeName).getBytes(StandardCharsets.UTF_8)).toString();
    return new MachineFacts(HOLLOW_CPU, HOLLOW_MEMORY, HOLLOW_EPHEMERAL_STORAGE, nodeName.toLowerCase(Locale.ROOT),
        internalIP, id.replace("-", ""), id.toUpperCase(Locale.ROOT), bootID, "hollow", "Coxswain hollow node",
        "linux", goArch(System.getProperty("os.arch", "")),
        new Usage(HOLLOW_MEMORY, HOLLOW_EPHEMERAL_STORAGE, HOLLOW_EPHEMERAL_STORAGE, 0, HOLLOW_PID_MAX));
  }

  public MachineFacts withUsage(Usage usage) {
    return new MachineFacts(cpuCores, memoryBytes, ephemeralStorageBytes, hostname, internalIP, machineID, systemUUID,
        bootID, kernelVersion, osImage, operatingSystem, architecture, usage);
  }

  /** The JVM's os.arch in Go's GOARCH spelling, which Kubernetes uses in labels and nodeInfo. */
  static String goArch(String javaArch) {
    String a = javaArch.toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "arm", "arm32" -> "arm";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      case "riscv64" -> "riscv64";
      default -> a;
    };
  }

  /** The JVM's os.name in Go's GOOS spelling. */
  static String goOs(String javaOsName) {
    String os = javaOsName.toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) return "linux";
    if (os.startsWith("mac") || os.startsWith("darwin")) return "darwin";
    if (os.startsWith("windows")) return "windows";
    if (os.startsWith("freebsd")) return "freebsd";
    return os.replace(" ", "");
  }
}
