package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get pods` shows. */
public final class PodTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Ready", "string",
              "The aggregate readiness state of this pod for accepting traffic."),
          TableColumn.of("Status", "string",
              "The aggregate status of the containers in this pod."),
          TableColumn.of("Restarts", "string",
              "The number of times the containers in this pod have been restarted and when the "
                  + "last container in this pod has restarted."),
          TableColumn.ageColumn(),
          TableColumn.wide("IP", "string",
              "podIP address allocated to the pod. Routable at least within the cluster. Empty if "
                  + "not yet allocated."),
          TableColumn.wide("Node", "string",
              "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
                  + "candidate for scheduling by the scheduler defined in schedulerName. Once this "
                  + "field is set, the kubelet for this node becomes responsible for the lifecycle "
                  + "of this pod."),
          TableColumn.wide("Nominated Node", "string",
              "nominatedNodeName is set only when this pod preempts other pods on the node, but it "
                  + "cannot be scheduled right away as preemption victims receive their graceful "
                  + "termination periods. This field does not guarantee that the pod will be "
                  + "scheduled on this node."),
          TableColumn.wide("Readiness Gates", "string",
              "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready "
                  + "when all its containers are ready AND all conditions specified in the readiness "
                  + "gates have status equal to \"True\"."));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    PodSummary pod = PodSummary.of(obj);
    return List.of(
        Fields.text(obj, "metadata", "name"),
        pod.ready() + "/" + pod.total(),
        pod.reason(),
        pod.restartsCell(now),
        Ages.since(obj, now),
        Fields.orNone(podIP(obj.path("status"))),
        Fields.orNone(Fields.text(obj, "spec", "nodeName")),
        Fields.orNone(Fields.text(obj, "status", "nominatedNodeName")),
        readinessGates(obj));
  }

  /** The primary IP: podIPs[0], or podIP from writers that set only the singular field. */
  private static String podIP(JsonNode status) {
    List<JsonNode> ips = Fields.items(status, "podIPs");
    return ips.isEmpty() ? Fields.text(status, "podIP") : Fields.text(ips.get(0), "ip");
  }

  /** "1/2": gates whose pod condition is True, out of all gates. */
  private static String readinessGates(JsonNode pod) {
    List<JsonNode> gates = Fields.items(pod, "spec", "readinessGates");
    if (gates.isEmpty()) return "<none>";
    List<JsonNode> conditions = Fields.items(pod, "status", "conditions");
    long trueGates = 0;
    for (JsonNode gate : gates) {
      String type = Fields.text(gate, "conditionType");
      for (JsonNode c : conditions) {
        if (Fields.text(c, "type").equals(type)) {
          if (Fields.text(c, "status").equals("True")) trueGates++;
          break;
        }
      }
    }
    return trueGates + "/" + gates.size();
  }
}
