package io.coxswain.agent.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeWriterTest {
  @TempDir Path dir;

  private static VolumeFile file(String path, String content, int mode) {
    return new VolumeFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  private Path volume() {
    return dir.resolve("cfg");
  }

  private String read(String path) throws Exception {
    return Files.readString(volume().resolve(path));
  }

  private Set<String> entries() throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> s = Files.list(volume())) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  private Path dataTarget() throws Exception {
    return Files.readSymbolicLink(volume().resolve("..data"));
  }

  @Test
  void writesFilesBehindDataLinkAndPerFileLinks() throws Exception {
    assertTrue(VolumeWriter.write(volume(), List.of(file("a", "1", 0644), file("conf/b.yaml", "2", 0644))));
    assertEquals("1", read("a"));
    assertEquals("2", read("conf/b.yaml"));
    assertEquals(Path.of("..data", "a"), Files.readSymbolicLink(volume().resolve("a")));
    assertEquals(Path.of("..data", "conf"), Files.readSymbolicLink(volume().resolve("conf")));
    assertTrue(dataTarget().toString().matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\..+"), dataTarget().toString());
    assertEquals(Set.of("..data", dataTarget().toString(), "a", "conf"), entries());
  }

  @Test
  void atomicWriterSwapsDataDirectory() throws Exception {
    VolumeWriter.write(volume(), List.of(file("a", "old", 0644), file("gone", "x", 0644)));
    Path first = dataTarget();
    assertTrue(VolumeWriter.write(volume(), List.of(file("a", "new", 0644), file("added", "y", 0644))));
    Path second = dataTarget();
    assertNotEquals(first, second);
    assertEquals("new", read("a"));
    assertEquals("y", read("added"));
    assertFalse(Files.exists(volume().resolve("gone"), LinkOption.NOFOLLOW_LINKS), "link to a removed key is dropped");
    assertFalse(Files.exists(volume().resolve(first)), "the previous data directory is removed");
    assertFalse(Files.exists(volume().resolve("..data_tmp"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(Set.of("..data", second.toString(), "a", "added"), entries());
  }

  @Test
  void unchangedPayloadIsNotRewritten() throws Exception {
    List<VolumeFile> payload = List.of(file("a", "1", 0644), file("d/b", "2", 0400));
    assertTrue(VolumeWriter.write(volume(), payload));
    Path first = dataTarget();
    assertFalse(VolumeWriter.write(volume(), payload));
    assertEquals(first, dataTarget());
  }

  @Test
  void changedModeAloneIsRewritten() throws Exception {
    VolumeWriter.write(volume(), List.of(file("a", "1", 0644)));
    assertTrue(VolumeWriter.write(volume(), List.of(file("a", "1", 0600))));
    assertEquals(0600, VolumeWriter.modeOf(volume().resolve("..data").resolve("a").toRealPath()));
  }

  @Test
  void fileModesApplyRegardlessOfUmask() throws Exception {
    VolumeWriter.write(volume(), List.of(file("secret", "s", 0400), file("script", "#!", 0755), file("open", "o", 0666)));
    assertEquals(0400, VolumeWriter.modeOf(volume().resolve("secret").toRealPath()));
    assertEquals(0755, VolumeWriter.modeOf(volume().resolve("script").toRealPath()));
    assertEquals(0666, VolumeWriter.modeOf(volume().resolve("open").toRealPath()));
  }

  @Test
  void restoresAMissingUserLink() throws Exception {
    VolumeWriter.write(volume(), List.of(file("a", "1", 0644)));
    Files.delete(volume().resolve("a"));
    assertFalse(VolumeWriter.write(volume(), List.of(file("a", "1", 0644))));
    assertEquals("1", read("a"));
  }

  @Test
  void emptyPayloadLeavesOnlyTheDataLink() throws Exception {
    VolumeWriter.write(volume(), List.of(file("a", "1", 0644)));
    VolumeWriter.write(volume(), List.of());
    assertEquals(Set.of("..data", dataTarget().toString()), entries());
  }

  @Test
  void rejectsPathsThatEscapeTheVolume() {
    assertEquals("invalid path: must not contain '..': a/../../x",
        assertThrows(IllegalArgumentException.class, () -> file("a/../../x", "", 0644)).getMessage());
    assertEquals("invalid path: must be relative path: /etc/passwd",
        assertThrows(IllegalArgumentException.class, () -> file("/etc/passwd", "", 0644)).getMessage());
    assertEquals("invalid path: must not start with '..': ..data",
        assertThrows(IllegalArgumentException.class, () -> file("..data", "", 0644)).getMessage());
    assertEquals("a/b", file("./a//b/", "", 0644).path());
  }

  @Test
  void rejectsTwoFilesAtOnePath() {
    assertThrows(IllegalArgumentException.class,
        () -> VolumeWriter.write(volume(), List.of(file("a", "1", 0644), file("./a", "2", 0644))));
  }
}
