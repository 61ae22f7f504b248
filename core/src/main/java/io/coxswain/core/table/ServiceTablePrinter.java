package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The columns `kubectl get services` shows. */
public final class ServiceTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Type", "string",
              "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
                  + "ExternalName, ClusterIP, NodePort, and LoadBalancer."),
          TableColumn.of("Cluster-IP", "string",
              "clusterIP is the IP address of the service and is usually assigned randomly. If an "
                  + "address is specified manually, is in-range (as per system configuration), and "
                  + "is not in use, it will be allocated to the service; otherwise creation of the "
                  + "service will fail."),
          TableColumn.of("External-IP", "string",
              "externalIPs is a list of IP addresses for which nodes in the cluster will also "
                  + "accept traffic for this service. These IPs are not managed by Kubernetes."),
          TableColumn.of("Port(s)", "string",
              "The list of ports that are exposed by this service. More info: "
                  + "https://kubernetes.io/docs/concepts/services-networking/service/"
                  + "#virtual-ips-and-service-proxies"),
          TableColumn.ageColumn(),
          TableColumn.wide("Selector", "string",
              "Route service traffic to pods with label keys and values matching this selector. If "
                  + "empty or not present, the service is assumed to have an external process "
                  + "managing its endpoints, which Kubernetes will not modify."));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    JsonNode spec = obj.path("spec");
    String type = type(spec);
    String ports = ports(spec);
    return List.of(
        Fields.text(obj, "metadata", "name"),
        type,
        clusterIP(spec),
        externalIP(type, spec, obj.path("status")),
        ports.isEmpty() ? "<none>" : ports,
        Ages.since(obj, now),
        LabelSelectorFormatter.formatLabels(spec.path("selector")));
  }

  /** The API server defaults an unset type to ClusterIP. */
  private static String type(JsonNode spec) {
    String type = Fields.text(spec, "type");
    return type.isEmpty() ? "ClusterIP" : type;
  }

  /** clusterIPs[0], or clusterIP from writers that set only the singular field; "None" if headless. */
  private static String clusterIP(JsonNode spec) {
    List<JsonNode> ips = Fields.items(spec, "clusterIPs");
    String ip = ips.isEmpty() ? Fields.text(spec, "clusterIP") : Fields.text(ips.get(0));
    return Fields.orNone(ip);
  }

  static String externalIP(String type, JsonNode spec, JsonNode status) {
    List<String> externalIPs = new ArrayList<>();
    for (JsonNode ip : Fields.items(spec, "externalIPs")) {
      externalIPs.add(Fields.text(ip));
    }
    switch (type) {
      case "ClusterIP", "NodePort" -> {
        return externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
      }
      case "LoadBalancer" -> {
        // Ingress points are a sorted set, listed before any externalIPs.
        SortedSet<String> ingress = new TreeSet<>();
        for (JsonNode i : Fields.items(status, "loadBalancer", "ingress")) {
          String ip = Fields.text(i, "ip");
          String hostname = Fields.text(i, "hostname");
          if (!ip.isEmpty()) {
            ingress.add(ip);
          } else if (!hostname.isEmpty()) {
            ingress.add(hostname);
          }
        }
        List<String> all = new ArrayList<>(ingress);
        all.addAll(externalIPs);
        return all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> {
        return Fields.text(spec, "externalName");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  /** "80/TCP", or "80:30080/TCP" once a node port is allocated; comma joined. */
  static String ports(JsonNode spec) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode p : Fields.items(spec, "ports")) {
      String protocol = Fields.text(p, "protocol");
      if (protocol.isEmpty()) protocol = "TCP";
      long port = Fields.integer(p, "port");
      long nodePort = Fields.integer(p, "nodePort");
      pieces.add(nodePort > 0 ? port + ":" + nodePort + "/" + protocol : port + "/" + protocol);
    }
    return String.join(",", pieces);
  }
}
