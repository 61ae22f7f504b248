package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseStrategyTest {
  private final LeaseStrategy strategy = new LeaseStrategy();

  private ObjectNode lease(String spec) {
    ObjectNode l = yaml("apiVersion: coordination.k8s.io/v1\nkind: Lease\n"
        + "metadata: {name: node-1, namespace: kube-node-lease}\nspec:\n" + spec.indent(2));
    strategy.applyDefaults(l);
    return l;
  }

  private static final String NODE_LEASE = """
      holderIdentity: node-1
      leaseDurationSeconds: 40
      renewTime: "2024-05-01T10:00:00.123456Z"
      """;

  @Test
  void addsNoDefaults() {
    assertEquals(yaml(NODE_LEASE), lease(NODE_LEASE).get("spec"));
  }

  @Test
  void acceptsANodeLease() {
    assertEquals(List.of(), strategy.validate(lease(NODE_LEASE)));
  }

  @Test
  void rejectsNonPositiveDuration() {
    assertEquals(List.of("spec.leaseDurationSeconds"), fields(strategy.validate(lease(NODE_LEASE.replace("40", "0")))));
  }

  @Test
  void rejectsNegativeTransitionsAndBadTimes() {
    assertEquals(List.of("spec.leaseTransitions", "spec.renewTime"),
        fields(strategy.validate(lease(NODE_LEASE.replace("2024-05-01T10:00:00.123456Z", "yesterday") + "leaseTransitions: -1\n"))));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("spec.holderIdentity", "spec.leaseDurationSeconds"),
        fields(strategy.validate(lease("holderIdentity: {a: b}\nleaseDurationSeconds: forty\n"))));
  }
}
