package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** The wide Containers and Images cells of workload kinds: one comma-joined list each. */
final class ContainerCells {
  static final String CONTAINERS_DESCRIPTION = "Names of each container in the template.";
  static final String IMAGES_DESCRIPTION = "Images referenced by each container in the template.";

  private ContainerCells() {}

  static String names(JsonNode podSpec) {
    return join(podSpec, "name");
  }

  static String images(JsonNode podSpec) {
    return join(podSpec, "image");
  }

  private static String join(JsonNode podSpec, String field) {
    List<JsonNode> containers = Fields.items(podSpec, "containers");
    return containers.stream().map(c -> Fields.text(c, field)).collect(Collectors.joining(","));
  }
}
