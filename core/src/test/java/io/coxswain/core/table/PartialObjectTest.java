package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered printer yields a full row for empty, partial and wrong-typed objects. */
class PartialObjectTest {
  private static final List<String> MALFORMED = List.of(
      "{}",
      "{\"metadata\": {}}",
      "{\"metadata\": \"oops\", \"spec\": null, \"status\": null}",
      """
      {"metadata": {"name": 7, "creationTimestamp": "not a time", "deletionTimestamp": 3, "labels": []},
       "spec": {"containers": "app", "initContainers": [null, 5], "ports": [{"port": "http"}, 8],
                "replicas": "three", "selector": "app=web", "template": [], "readinessGates": {},
                "clusterIPs": "10.0.0.1", "unschedulable": "yes", "holderIdentity": 9, "type": 4},
       "status": {"phase": 1, "conditions": "Ready", "containerStatuses": [{"state": "running",
                  "lastState": {"terminated": {"finishedAt": "soon"}}, "restartCount": "many"}],
                  "initContainerStatuses": [{"state": {"terminated": null}}],
                  "addresses": {}, "nodeInfo": [], "loadBalancer": {"ingress": [{}]}},
       "subsets": [{"addresses": [{}], "ports": "80"}], "endpoints": [{"addresses": [null]}],
       "data": "x", "binaryData": 1, "secrets": {}, "involvedObject": [], "series": {},
       "source": "kubelet", "count": "2"}
      """);

  static Stream<Arguments> printersAndObjects() {
    return ResourceRegistry.standard().kinds().stream()
        .flatMap(k -> MALFORMED.stream().map(o -> Arguments.of(k.type().kind(), k, o)));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("printersAndObjects")
  void printsOneNonNullCellPerColumn(String kind, RegisteredKind registered, String object) {
    List<Object> cells = registered.printer().cells(json(object), NOW);
    assertEquals(registered.printer().columns().size(), cells.size());
    for (Object cell : cells) {
      assertTrue(cell instanceof String || cell instanceof Long || cell instanceof Integer,
          kind + " cell " + cell);
    }
  }
}
