package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerConfig.Mount;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Exec into running containers: their namespaces, environment, cgroups; timeouts, streams, terminals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecTest {
  private static final String POD = "exec-pod";

  private RuntimeFixture fixture;
  private ContainerStatus target;
  private Path volume;
  private Path workDir;

  /** One long-running container with an environment variable, a working directory and a volume. */
  @BeforeAll
  void startTarget() throws Exception {
    fixture = new RuntimeFixture(7).requireFullIsolation();
    volume = Files.createDirectories(fixture.root.resolve("volume"));
    Files.writeString(volume.resolve("note.txt"), "from the volume\n");
    workDir = fixture.root.resolve("work");
    fixture.sandbox(POD);
    ContainerConfig config = new ContainerConfig("target", 0, "none", List.of("sleep", "600"), RuntimeFixture.env("FOO", "bar"),
        workDir.toString(), List.of(new Mount(volume, fixture.root.resolve("mnt").toString(), true)), 0, 0, false, false);
    target = fixture.runtime.startContainer(POD, config);
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  private ExecResult execSync(String script) throws IOException {
    return fixture.runtime.execSync(target.id(), List.of("bash", "-c", script), Duration.ofSeconds(RuntimeFixture.WAIT_SECONDS));
  }

  @Test
  void execSyncReturnsExitCodeAndCombinedOutput() throws Exception {
    ExecResult result = execSync("echo to stdout; echo to stderr >&2; exit 4");
    assertEquals(4, result.exitCode());
    assertEquals("to stdout\nto stderr\n", result.output());
    assertFalse(result.timedOut());
  }

  @Test
  void execRunsInTheContainersNamespacesWithItsEnvironmentAndWorkingDirectory() throws Exception {
    ExecResult result = execSync("echo $FOO; pwd; readlink /proc/self/ns/net /proc/self/ns/mnt /proc/self/ns/uts; cat " + fixture.root.resolve("mnt/note.txt"));
    String containerNamespaces = String.join("\n",
        Files.readSymbolicLink(Path.of("/proc", Long.toString(target.pid()), "ns", "net")).toString(),
        Files.readSymbolicLink(Path.of("/proc", Long.toString(target.pid()), "ns", "mnt")).toString(),
        Files.readSymbolicLink(Path.of("/proc", Long.toString(target.pid()), "ns", "uts")).toString());
    assertEquals("bar\n" + workDir + "\n" + containerNamespaces + "\nfrom the volume\n", result.output());
    assertEquals(0, result.exitCode());
  }

  @Test
  void execJoinsTheContainersCgroup() throws Exception {
    ExecResult result = execSync("grep :memory: /proc/self/cgroup");
    assertTrue(result.output().trim().endsWith("/" + target.id()), result.output());
  }

  @Test
  void execSyncIsKilledAtItsTimeout() throws Exception {
    ExecResult result = fixture.runtime.execSync(target.id(), List.of("bash", "-c", "echo $$; exec sleep 60"), Duration.ofMillis(500));
    assertTrue(result.timedOut());
    long pid = Long.parseLong(result.output().trim());
    assertFalse(ProcIdentity.of(pid).map(ProcIdentity::isAlive).orElse(false), "the timed-out command was killed");
    assertTrue(fixture.runtime.containerStatus(target.id()).orElseThrow().running(), "the container itself runs on");
  }

  @Test
  void execSyncKeepsTheFirstTenKibibytesOfOutput() throws Exception {
    ExecResult result = execSync("seq 1 100000");
    assertEquals(0, result.exitCode());
    assertEquals(ProcessExec.OUTPUT_LIMIT, result.output().length());
    assertTrue(result.output().startsWith("1\n2\n3\n"));
  }

  @Test
  void execIntoAnExitedContainerFails() throws Exception {
    ContainerStatus exited = fixture.runtime.startContainer(POD, RuntimeFixture.container("short", 0, "true"));
    fixture.awaitExit(exited.id());
    assertThrows(IOException.class, () -> fixture.runtime.execSync(exited.id(), List.of("true"), Duration.ofSeconds(5)));
  }

  @Test
  void interactiveExecEchoesStdinAndKeepsStderrApart() throws Exception {
    ExecProcess cat = fixture.runtime.exec(target.id(), List.of("bash", "-c", "cat; echo done >&2"), false);
    try (OutputStream in = cat.stdin()) {
      in.write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("hello\nworld\n", readAll(cat.stdout()));
    assertEquals("done\n", readAll(cat.stderr()));
    assertEquals(0, cat.exitCode().toCompletableFuture().get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void execWithTtyRunsOnAPseudoTerminal() throws Exception {
    ExecProcess tty = fixture.runtime.exec(target.id(), List.of("tty"), true);
    tty.stdin().close();
    String output = readAll(tty.stdout());
    assertTrue(output.trim().startsWith("/dev/pts/"), "tty printed: " + output);
    assertEquals("", readAll(tty.stderr()), "a terminal merges stderr into stdout");
    assertEquals(0, tty.exitCode().toCompletableFuture().get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void terminalResizeReachesTheCommand() throws Exception {
    ExecProcess shell = fixture.runtime.exec(target.id(), List.of("bash", "-c", "read -r go; stty size"), true);
    shell.resize(100, 40);
    try (OutputStream in = shell.stdin()) {
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    String output = readAll(shell.stdout());
    assertTrue(output.contains("40 100"), "stty size (rows columns) printed: " + output);
  }

  @Test
  void killEndsAnInteractiveExec() throws Exception {
    ExecProcess sleeper = fixture.runtime.exec(target.id(), List.of("sleep", "600"), false);
    CompletableFuture<Integer> exit = sleeper.exitCode().toCompletableFuture();
    assertFalse(exit.isDone());
    sleeper.kill();
    assertEquals(137, exit.get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS));
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
