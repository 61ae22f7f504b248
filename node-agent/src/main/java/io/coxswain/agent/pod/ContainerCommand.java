package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's command line: {@code command} followed by {@code args}, each expanded against the
 * container's resolved environment as kubelet's ExpandContainerCommandAndArgs does.
 *
 * <p>Kubelet falls back to the image's ENTRYPOINT and CMD when {@code command} is empty. This node
 * runs processes, not images, so there is nothing to fall back to: such a container gets {@link
 * NoCommand}, which the agent reports as a waiting reason instead of starting anything.
 */
public final class ContainerCommand {
  private ContainerCommand() {}

  /** What the agent can start for a container. */
  public sealed interface CommandLine permits Argv, NoCommand {}

  /** The process to run: never empty. */
  public record Argv(List<String> argv) implements CommandLine {
    public Argv {
      argv = List.copyOf(argv);
    }
  }

  /**
   * The container declares no command.
   *
   * @param reason the container's waiting reason
   * @param message says what to fix
   */
  public record NoCommand(String reason, String message) implements CommandLine {}

  public static CommandLine of(JsonNode container, Map<String, String> env) {
    List<String> command = strings(container.path("command"));
    if (command.isEmpty()) {
      String name = container.path("name").asText("");
      return new NoCommand(PodInputException.CREATE_CONTAINER_CONFIG_ERROR,
          "container \"" + name + "\" has no command: this node runs processes, not images, so the image's "
              + "entrypoint is unknown; set command (and args) in the container spec");
    }
    List<String> argv = new ArrayList<>();
    for (String s : command) argv.add(VariableExpansion.expand(s, env));
    for (String s : strings(container.path("args"))) argv.add(VariableExpansion.expand(s, env));
    return new Argv(argv);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array) {
      if (s.isTextual()) out.add(s.textValue());
    }
    return out;
  }
}
