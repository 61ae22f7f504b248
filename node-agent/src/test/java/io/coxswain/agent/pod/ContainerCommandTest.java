package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {
  private static final Map<String, String> ENV = Map.of("PORT", "8080", "NAME", "web");

  @Test
  void joinsCommandAndArgsWithExpansion() {
    ContainerCommand.CommandLine line = ContainerCommand.of(yaml("""
        name: app
        command: [sh, -c]
        args: ["exec server --port=$(PORT) --name $(NAME) --keep '$$(PORT)' $(UNKNOWN)"]
        """), ENV);
    assertEquals(new ContainerCommand.Argv(List.of("sh", "-c",
        "exec server --port=8080 --name web --keep '$(PORT)' $(UNKNOWN)")), line);
  }

  @Test
  void commandWithoutArgsRunsAsIs() {
    assertEquals(new ContainerCommand.Argv(List.of("sleep", "3600")),
        ContainerCommand.of(yaml("{name: app, command: [sleep, '3600']}"), ENV));
  }

  @Test
  void containerWithoutCommandHasNoCommand() {
    ContainerCommand.CommandLine line = ContainerCommand.of(yaml("{name: app, image: nginx, args: [-g, daemon off;]}"), ENV);
    ContainerCommand.NoCommand none = assertInstanceOf(ContainerCommand.NoCommand.class, line);
    assertEquals("CreateContainerConfigError", none.reason());
    assertTrue(none.message().startsWith("container \"app\" has no command"), none.message());
  }
}
