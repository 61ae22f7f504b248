package io.coxswain.agent.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.util.List;

/**
 * The Status an exec ends with on channel 3, as kubelet writes it: Success, or Failure with reason
 * NonZeroExitCode and the exit code as the message of an ExitCode cause, which kubectl turns into
 * its own exit code.
 */
public final class ExecStatus {
  private ExecStatus() {}

  public static byte[] exited(List<String> command, int exitCode) {
    ObjectNode status = base();
    if (exitCode == 0) {
      status.put("status", "Success");
    } else {
      status.put("status", "Failure");
      status.put("message", "command terminated with non-zero exit code: error executing command "
          + goList(command) + ", exit code " + exitCode);
      status.put("reason", "NonZeroExitCode");
      status.putObject("details").putArray("causes").addObject()
          .put("reason", "ExitCode").put("message", Integer.toString(exitCode));
    }
    return bytes(status);
  }

  /** The command could not be run at all (kubelet reports runtime errors as internal errors). */
  public static byte[] failed(String message) {
    ObjectNode status = base();
    status.put("status", "Failure");
    status.put("message", "Internal error occurred: " + message);
    status.put("reason", "InternalError");
    status.putObject("details").putArray("causes").addObject().put("message", message);
    status.put("code", 500);
    return bytes(status);
  }

  private static ObjectNode base() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    return status;
  }

  /** A list as Go's %v prints a []string: {@code [sh -c exit 3]}. */
  private static String goList(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  private static byte[] bytes(ObjectNode status) {
    try {
      return Json.MAPPER.writeValueAsBytes(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
