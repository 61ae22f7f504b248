package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Hands out the pod addresses of the node's pod CIDR (IPv4). The first address is the bridge's
 * gateway; pods get the following ones, lowest free first, up to the one before broadcast.
 *
 * <p>Each allocation is a file named after the address holding the pod uid, created with
 * CREATE_NEW: the claim is atomic, and it survives agent restarts because it lives on disk.
 */
final class PodAddressPool {
  private final Path directory;
  private final int network;
  private final int prefixLength;

  PodAddressPool(Path directory, String cidr) {
    this.directory = directory;
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("pod CIDR " + cidr + " has no prefix length (like 10.244.0.0/24)");
    }
    this.prefixLength = Integer.parseInt(cidr.substring(slash + 1));
    if (prefixLength < 8 || prefixLength > 30) {
      throw new IllegalArgumentException("pod CIDR " + cidr + " must have a prefix length between /8 and /30");
    }
    int mask = (int) (0xFFFFFFFFL << (32 - prefixLength));
    this.network = toInt(cidr.substring(0, slash)) & mask;
  }

  int prefixLength() {
    return prefixLength;
  }

  String gateway() {
    return toText(network + 1);
  }

  /** Whether an address belongs to this CIDR. */
  boolean contains(String address) {
    int mask = (int) (0xFFFFFFFFL << (32 - prefixLength));
    return (toInt(address) & mask) == network;
  }

  /** The pod's address: the one it already holds, or the lowest free one. */
  String allocate(String podUid) throws IOException {
    Optional<String> held = addressOf(podUid);
    if (held.isPresent()) {
      return held.get();
    }
    Files.createDirectories(directory);
    int last = network + (1 << (32 - prefixLength)) - 2;
    for (int candidate = network + 2; candidate <= last; candidate++) {
      try {
        Files.writeString(directory.resolve(toText(candidate)), podUid, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return toText(candidate);
      } catch (FileAlreadyExistsException taken) {
        // next one
      }
    }
    throw new IOException("no free pod address left in " + toText(network) + "/" + prefixLength);
  }

  /** Frees the pod's address; nothing happens if it holds none. */
  void release(String podUid) throws IOException {
    Optional<String> held = addressOf(podUid);
    if (held.isPresent()) {
      Files.deleteIfExists(directory.resolve(held.get()));
    }
  }

  Optional<String> addressOf(String podUid) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> claims = Files.newDirectoryStream(directory)) {
      for (Path claim : claims) {
        if (readQuietly(claim).equals(podUid)) {
          return Optional.of(claim.getFileName().toString());
        }
      }
    }
    return Optional.empty();
  }

  private static String readQuietly(Path claim) {
    try {
      return Files.readString(claim, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    }
  }

  static int toInt(String address) {
    String[] parts = address.trim().split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException(address + " is not an IPv4 address");
    }
    int value = 0;
    for (String part : parts) {
      int octet = Integer.parseInt(part);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException(address + " is not an IPv4 address");
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  static String toText(int address) {
    return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
  }
}
