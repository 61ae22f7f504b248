package io.coxswain.agent.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogCursorTest {
  @TempDir
  Path dir;

  private Path log(String... lines) throws IOException {
    Path file = dir.resolve("c.log");
    Files.writeString(file, String.join("", lines), StandardCharsets.UTF_8);
    return file;
  }

  private static String line(int second, String stream, String tag, String text) {
    return "2024-05-01T10:00:" + String.format("%02d", second) + ".123456789Z " + stream + " " + tag + " " + text + "\n";
  }

  /** Everything the cursor gives up to the end of the file, then what finish() adds. */
  private static String readAll(Path file, LogOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CriLogCursor cursor = CriLogCursor.open(file, options)) {
      CriLogCursor.Chunk chunk;
      do {
        chunk = cursor.read(7); // tiny chunks: output must not depend on how reads are cut
        out.write(chunk.bytes());
      } while (!chunk.atEnd());
      out.write(cursor.finish());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsTheTextWithoutTheCriFields() throws IOException {
    Path file = log(line(1, "stdout", "F", "hello"), line(2, "stderr", "F", "oops"), line(3, "stdout", "F", ""));
    assertEquals("hello\noops\n\n", readAll(file, LogOptions.all()));
  }

  @Test
  void joinsPartialLinesIntoOneOutputLine() throws IOException {
    Path file = log(line(1, "stdout", "P", "a very "), line(1, "stdout", "P", "long "), line(1, "stdout", "F", "line"),
        line(2, "stdout", "F", "next"));
    assertEquals("a very long line\nnext\n", readAll(file, LogOptions.all()));
  }

  @Test
  void timestampsPrefixEachOutputLineOnceInGoRfc3339Nano() throws IOException {
    Path file = log(line(1, "stdout", "P", "part "), line(1, "stdout", "F", "one"),
        "2024-05-01T10:00:02.500000000Z stdout F two\n", "2024-05-01T10:00:03Z stdout F three\n");
    assertEquals("2024-05-01T10:00:01.123456789Z part one\n"
        + "2024-05-01T10:00:02.5Z two\n"
        + "2024-05-01T10:00:03Z three\n", readAll(file, new LogOptions(null, null, null, true, false)));
  }

  @Test
  void tailCountsOutputLinesNotFragments() throws IOException {
    Path file = log(line(1, "stdout", "F", "one"), line(2, "stdout", "P", "two-"), line(2, "stdout", "P", "and-"),
        line(2, "stdout", "F", "more"), line(3, "stdout", "F", "three"));
    assertEquals("two-and-more\nthree\n", readAll(file, new LogOptions(2L, null, null, false, false)));
    assertEquals("three\n", readAll(file, new LogOptions(1L, null, null, false, false)));
    assertEquals("", readAll(file, new LogOptions(0L, null, null, false, false)));
    assertEquals("one\ntwo-and-more\nthree\n", readAll(file, new LogOptions(10L, null, null, false, false)));
  }

  @Test
  void tailFindsItsStartAcrossManyReadBlocks() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) sb.append(line(i % 60, "stdout", "F", "line " + i));
    Path file = log(sb.toString());
    assertTrue(Files.size(file) > 3 * 64 * 1024, "the file spans several blocks");
    String out = readAll(file, new LogOptions(3_000L, null, null, false, false));
    String[] lines = out.split("\n");
    assertEquals(3_000, lines.length);
    assertEquals("line 17000", lines[0]);
    assertEquals("line 19999", lines[lines.length - 1]);
  }

  @Test
  void sinceSkipsLinesWrittenBefore() throws IOException {
    Path file = log(line(1, "stdout", "F", "old"), line(5, "stdout", "F", "edge"), line(9, "stdout", "F", "new"));
    Instant since = OffsetDateTime.parse("2024-05-01T10:00:05.123456789Z").toInstant();
    assertEquals("edge\nnew\n", readAll(file, new LogOptions(null, since, null, false, false)));
  }

  @Test
  void tailAppliesBeforeSince() throws IOException {
    Path file = log(line(1, "stdout", "F", "a"), line(2, "stdout", "F", "b"), line(9, "stdout", "F", "c"));
    Instant since = OffsetDateTime.parse("2024-05-01T10:00:05Z").toInstant();
    assertEquals("c\n", readAll(file, new LogOptions(2L, since, null, false, false)));
  }

  @Test
  void limitBytesCutsTheOutputTimestampsIncluded() throws IOException {
    Path file = log(line(1, "stdout", "F", "hello"), line(2, "stdout", "F", "world"));
    assertEquals("hello\nwo", readAll(file, new LogOptions(null, null, 8L, false, false)));
    assertEquals("2024-05-01T10:00:01.123456789Z hel",
        readAll(file, new LogOptions(null, null, 34L, true, false)));
  }

  @Test
  void linesNotInTheCriFormatAreSkipped() throws IOException {
    Path file = log("garbage without fields\n", line(1, "stdout", "F", "ok"), "2024-05-01T10:00:01Z stdin F nope\n");
    assertEquals("ok\n", readAll(file, LogOptions.all()));
  }

  @Test
  void anUnfinishedLineWaitsForItsNewlineUntilFinished() throws IOException {
    Path file = log(line(1, "stdout", "F", "done"), "2024-05-01T10:00:02Z stdout F half");
    try (CriLogCursor cursor = CriLogCursor.open(file, LogOptions.all())) {
      CriLogCursor.Chunk first = cursor.read(1024);
      assertEquals("done\n", new String(first.bytes(), StandardCharsets.UTF_8));
      assertTrue(first.atEnd());
      Files.writeString(file, " a line\n", StandardOpenOption.APPEND);
      assertEquals("half a line\n", new String(cursor.read(1024).bytes(), StandardCharsets.UTF_8));
      Files.writeString(file, "2024-05-01T10:00:03Z stdout F cut", StandardOpenOption.APPEND);
      assertEquals("", new String(cursor.read(1024).bytes(), StandardCharsets.UTF_8));
      assertEquals("cut", new String(cursor.finish(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void formatsTimesAsGoDoes() {
    assertEquals("2024-05-01T10:00:01Z", CriLogLine.formatTime(OffsetDateTime.parse("2024-05-01T10:00:01.000Z")));
    assertEquals("2024-05-01T10:00:01.01Z", CriLogLine.formatTime(OffsetDateTime.parse("2024-05-01T10:00:01.010Z")));
    assertEquals("2024-05-01T12:00:01.000000001+02:00",
        CriLogLine.formatTime(OffsetDateTime.parse("2024-05-01T12:00:01.000000001+02:00")));
  }
}
