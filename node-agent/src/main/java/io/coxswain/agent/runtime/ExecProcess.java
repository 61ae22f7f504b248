package io.coxswain.agent.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

/** An interactive command running inside a container (kubectl exec). */
public interface ExecProcess {
  OutputStream stdin();

  InputStream stdout();

  /** Empty when the exec has a terminal (stderr is merged into stdout, as with a tty). */
  InputStream stderr();

  /** Completes with the command's exit code. */
  CompletionStage<Integer> exitCode();

  /** Resizes the terminal, if there is one. */
  void resize(int columns, int rows);

  /** Kills the command (the client went away). */
  void kill();
}
