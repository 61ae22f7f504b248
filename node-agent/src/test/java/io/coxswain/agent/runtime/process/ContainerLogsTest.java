package io.coxswain.agent.runtime.process;

import static io.coxswain.agent.runtime.process.RuntimeFixture.container;
import static io.coxswain.agent.runtime.process.RuntimeFixture.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Container logs in kubelet's CRI format, one file per attempt, written by the shim. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLogsTest {
  /** "&lt;RFC3339Nano UTC&gt; &lt;stream&gt; F &lt;text&gt;" */
  private static final Pattern CRI_LINE = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z) (stdout|stderr) ([FP]) (.*)");

  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(6).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  private record LogLine(Instant time, String stream, String tag, String text) {}

  private List<LogLine> parsedLog(String containerId) throws IOException {
    return fixture.logLines(containerId).stream().map(line -> {
      Matcher m = CRI_LINE.matcher(line);
      assertTrue(m.matches(), "not a CRI log line: '" + line + "'");
      return new LogLine(Instant.parse(m.group(1)), m.group(2), m.group(3), m.group(4));
    }).toList();
  }

  @Test
  void stdoutAndStderrLinesAreLoggedInCriFormat() throws Exception {
    fixture.sandbox("streams");
    ContainerStatus started = fixture.runtime.startContainer("streams", shell("app", 0, "echo out one; sleep 0.05; echo err one >&2; sleep 0.05; echo out two"));
    ContainerStatus done = fixture.awaitExit(started.id());
    List<LogLine> log = parsedLog(started.id());
    assertEquals(List.of("stdout out one", "stderr err one", "stdout out two"), log.stream().map(l -> l.stream() + " " + l.text()).toList());
    for (LogLine line : log) {
      assertTrue(!line.time().isBefore(done.startedAt().minusSeconds(1)) && !line.time().isAfter(done.finishedAt().plusSeconds(1)),
          "stamped in UTC while the container ran: " + line + " vs " + done.startedAt() + ".." + done.finishedAt());
    }
  }

  @Test
  void textIsKeptAsWrittenIncludingAnUnterminatedLastLine() throws Exception {
    fixture.sandbox("text");
    String script = "printf '%s\\n' '' '  leading spaces' 'tab\there' 'back\\slash' 'percent %s %d' 'grüße'; printf 'no newline'";
    ContainerStatus started = fixture.runtime.startContainer("text", shell("app", 0, script));
    fixture.awaitExit(started.id());
    assertEquals(List.of("", "  leading spaces", "tab\there", "back\\slash", "percent %s %d", "grüße", "no newline"),
        parsedLog(started.id()).stream().map(LogLine::text).toList());
  }

  @Test
  void lineLongerThan16KiBIsSplitIntoPartialChunksAsKubeletDoes() throws Exception {
    fixture.sandbox("long-line");
    ContainerStatus started = fixture.runtime.startContainer("long-line", container("app", 0, "python3", "-c", "print('x' * 40000); print('end')"));
    fixture.awaitExit(started.id());
    List<LogLine> log = parsedLog(started.id());
    assertEquals(List.of("P", "P", "F", "F"), log.stream().map(LogLine::tag).toList());
    assertEquals("x".repeat(40000), log.get(0).text() + log.get(1).text() + log.get(2).text());
    assertEquals("end", log.get(3).text());
  }

  @Test
  void eachAttemptHasItsOwnLogAndThePreviousOneIsKept() throws Exception {
    fixture.sandbox("restarts");
    ContainerStatus first = fixture.runtime.startContainer("restarts", shell("app", 0, "echo first attempt; exit 1"));
    fixture.awaitExit(first.id());
    fixture.runtime.removeContainer(first.id()); // kubelet prunes old attempts; --previous must still work
    ContainerStatus second = fixture.runtime.startContainer("restarts", shell("app", 1, "echo second attempt"));
    fixture.awaitExit(second.id());
    assertTrue(!fixture.runtime.logFile(first.id()).equals(fixture.runtime.logFile(second.id())));
    assertEquals(List.of("first attempt"), parsedLog(first.id()).stream().map(LogLine::text).toList());
    assertEquals(List.of("second attempt"), parsedLog(second.id()).stream().map(LogLine::text).toList());
  }

  @Test
  void logIsWrittenWhileTheContainerRuns() throws Exception {
    fixture.sandbox("live");
    ContainerStatus started = fixture.runtime.startContainer("live", shell("app", 0, "echo started; exec sleep 60"));
    fixture.awaitLog(started.id(), "started");
    assertTrue(fixture.runtime.containerStatus(started.id()).orElseThrow().running());
    fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(5));
  }

  /** Prints the throughput figures; asserts only that every line arrived in order. */
  @Test
  void tenThousandLinesAllArrive() throws Exception {
    fixture.sandbox("volume");
    long begin = System.nanoTime();
    ContainerStatus started = fixture.runtime.startContainer("volume", container("app", 0, "seq", "1", "10000"));
    fixture.awaitExit(started.id());
    long millis = (System.nanoTime() - begin) / 1_000_000;
    List<LogLine> log = parsedLog(started.id());
    assertEquals(10_000, log.size());
    for (int i = 0; i < log.size(); i++) {
      assertEquals(Integer.toString(i + 1), log.get(i).text());
    }
    System.out.printf("10,000 short lines logged in %d ms (start to exit)%n", millis);

    begin = System.nanoTime();
    ContainerStatus wide = fixture.runtime.startContainer("volume", container("wide", 0, "python3", "-c",
        "import sys\nline = 'x' * 100 + '\\n'\nfor _ in range(50000): sys.stdout.write(line)"));
    fixture.awaitExit(wide.id());
    millis = (System.nanoTime() - begin) / 1_000_000;
    long bytes = Files.size(fixture.runtime.logFile(wide.id()).orElseThrow());
    assertEquals(50_000, fixture.logLines(wide.id()).size());
    System.out.printf("50,000 lines of 100 bytes logged in %d ms: %.0f lines/s, %.1f MB/s of container output%n",
        millis, 50_000 * 1000.0 / millis, 50_000 * 101 / 1e6 / (millis / 1000.0));
    assertTrue(bytes > 50_000 * 101);
  }
}
