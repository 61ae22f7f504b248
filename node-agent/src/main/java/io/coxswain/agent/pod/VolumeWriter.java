package io.coxswain.agent.pod;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a volume's files the way kubelet's AtomicWriter does, so a running container never sees a
 * half-updated ConfigMap or Secret:
 *
 * <pre>
 *   volumeDir/..2024_05_01_10_00_00.123456/   the files, in a fresh timestamped directory
 *   volumeDir/..data -> ..2024_05_01_10_00_00.123456
 *   volumeDir/key -> ..data/key                  one link per top-level name
 * </pre>
 *
 * An update writes a new timestamped directory, points {@code ..data_tmp} at it and renames that
 * over {@code ..data} (rename(2) replaces a link atomically), then drops links to names that are
 * gone and the old directory. Files opened through {@code volumeDir/key} therefore switch from
 * the old content to the new in one step.
 */
public final class VolumeWriter {
  static final String DATA_DIR = "..data";
  static final String NEW_DATA_DIR = "..data_tmp";

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'");

  private VolumeWriter() {}

  /**
   * Makes {@code volumeDir} hold exactly {@code files}.
   *
   * @return false when it already did (nothing was written)
   * @throws IllegalArgumentException when two files claim the same path
   */
  public static boolean write(Path volumeDir, List<VolumeFile> files) throws IOException {
    Map<String, VolumeFile> payload = new TreeMap<>();
    for (VolumeFile f : files) {
      if (payload.put(f.path(), f) != null) throw new IllegalArgumentException("duplicate path in volume: " + f.path());
    }
    Files.createDirectories(volumeDir);
    Path dataLink = volumeDir.resolve(DATA_DIR);
    Optional<Path> oldDataDir = currentDataDir(volumeDir);
    Set<String> oldTopLevel = oldDataDir.isPresent() ? topLevelNames(oldDataDir.get()) : Set.of();
    Set<String> newTopLevel = new TreeSet<>();
    for (String p : payload.keySet()) newTopLevel.add(p.split("/", 2)[0]);

    boolean changed = oldDataDir.isEmpty() || !holdsExactly(oldDataDir.get(), payload);
    if (changed) {
      Path newDataDir = Files.createTempDirectory(volumeDir, ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
      setMode(newDataDir, 0755);
      for (VolumeFile f : payload.values()) writeFile(newDataDir, f);
      Path tmpLink = volumeDir.resolve(NEW_DATA_DIR);
      Files.deleteIfExists(tmpLink);
      Files.createSymbolicLink(tmpLink, newDataDir.getFileName());
      Files.move(tmpLink, dataLink, StandardCopyOption.ATOMIC_MOVE);
    }
    for (String name : newTopLevel) linkUserVisible(volumeDir, name);
    for (String name : oldTopLevel) {
      if (!newTopLevel.contains(name)) Files.deleteIfExists(volumeDir.resolve(name));
    }
    if (changed && oldDataDir.isPresent()) deleteRecursively(oldDataDir.get());
    return changed;
  }

  /** The timestamped directory {@code ..data} points at, if there is one. */
  static Optional<Path> currentDataDir(Path volumeDir) throws IOException {
    Path dataLink = volumeDir.resolve(DATA_DIR);
    if (!Files.isSymbolicLink(dataLink)) return Optional.empty();
    Path target = volumeDir.resolve(Files.readSymbolicLink(dataLink));
    return Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? Optional.of(target) : Optional.empty();
  }

  private static Set<String> topLevelNames(Path dataDir) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> s = Files.list(dataDir)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  /** Same paths, bytes and modes: kubelet compares bytes only, modes are checked too so a changed defaultMode applies. */
  private static boolean holdsExactly(Path dataDir, Map<String, VolumeFile> payload) throws IOException {
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> s = Files.walk(dataDir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) onDisk.add(dataDir.relativize(p).toString());
      }
    }
    if (!onDisk.equals(payload.keySet())) return false;
    for (VolumeFile f : payload.values()) {
      Path p = dataDir.resolve(f.path());
      if (!Arrays.equals(Files.readAllBytes(p), f.content())) return false;
      if (supportsPosix(p) && modeOf(p) != (f.mode() & 0777)) return false;
    }
    return true;
  }

  private static void writeFile(Path dataDir, VolumeFile f) throws IOException {
    Path target = dataDir.resolve(f.path());
    Path parent = target.getParent();
    if (!parent.equals(dataDir)) {
      Files.createDirectories(parent);
      for (Path d = parent; !d.equals(dataDir); d = d.getParent()) setMode(d, 0755);
    }
    Files.write(target, f.content());
    // Set explicitly: the umask must not decide what the container can read.
    setMode(target, f.mode());
  }

  /** {@code volumeDir/name -> ..data/name}; a link that is already right is left alone. */
  private static void linkUserVisible(Path volumeDir, String name) throws IOException {
    Path link = volumeDir.resolve(name);
    Path target = Path.of(DATA_DIR, name);
    if (Files.isSymbolicLink(link)) {
      if (Files.readSymbolicLink(link).equals(target)) return;
      Files.delete(link);
    } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(link.toString(), null, "a file that is not one of the volume's links is in the way");
    }
    Files.createSymbolicLink(link, target);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException ignored) {
          // already gone
        }
      }
    }
  }

  static void setMode(Path p, int mode) throws IOException {
    if (supportsPosix(p)) Files.setPosixFilePermissions(p, permissions(mode));
  }

  private static boolean supportsPosix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) perms.add(order[bit]);
    }
    return perms;
  }

  static int modeOf(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (perms.contains(permissions(1 << bit).iterator().next())) mode |= 1 << bit;
    }
    return mode;
  }
}
