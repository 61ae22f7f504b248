package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Service environment variables kubelet gives every container (getServiceEnvVarMap and
 * envvars.FromServices): for each Service with a cluster IP in the pod's namespace when
 * {@code spec.enableServiceLinks} is not false, and for {@code default/kubernetes} always,
 * {@code <NAME>_SERVICE_HOST}, {@code <NAME>_SERVICE_PORT} (first port),
 * {@code <NAME>_SERVICE_PORT_<PORTNAME>} per named port, and the Docker-link ones
 * {@code <NAME>_PORT}, {@code <NAME>_PORT_<port>_<PROTO>} with {@code _PROTO}, {@code _PORT},
 * {@code _ADDR}; NAME is the Service name upper-cased with '-' as '_'.
 *
 * <p>A {@code kubernetes} Service in the pod's own namespace wins over the default one, as in
 * kubelet. Services come out sorted by name, so the order is the same on every start.
 */
public final class ServiceEnvironment {
  private ServiceEnvironment() {}

  /** @param services any Services; those of other namespaces (but default/kubernetes) are ignored */
  public static LinkedHashMap<String, String> of(ObjectNode pod, Collection<ObjectNode> services) {
    String namespace = Metadata.namespace(pod);
    boolean links = pod.path("spec").path("enableServiceLinks").asBoolean(true);
    Map<String, ObjectNode> chosen = new TreeMap<>();
    for (ObjectNode service : services.stream().sorted(Comparator.comparing(s -> "default".equals(Metadata.namespace(s)) ? 0 : 1)).toList()) {
      if (!hasClusterIP(service)) continue;
      String name = Metadata.name(service);
      String ns = Metadata.namespace(service);
      if ("default".equals(ns) && "kubernetes".equals(name)) {
        chosen.putIfAbsent(name, service);
      } else if (links && ns != null && ns.equals(namespace)) {
        chosen.put(name, service);
      }
    }
    LinkedHashMap<String, String> env = new LinkedHashMap<>();
    for (ObjectNode service : chosen.values()) add(service, env);
    return env;
  }

  private static boolean hasClusterIP(ObjectNode service) {
    String ip = service.path("spec").path("clusterIP").asText("");
    return !ip.isEmpty() && !ip.equals("None");
  }

  private static void add(ObjectNode service, Map<String, String> env) {
    JsonNode spec = service.path("spec");
    List<JsonNode> ports = new java.util.ArrayList<>();
    spec.path("ports").forEach(ports::add);
    if (ports.isEmpty()) return;
    String prefix = variableName(Metadata.name(service));
    String ip = spec.path("clusterIP").asText();
    env.put(prefix + "_SERVICE_HOST", ip);
    env.put(prefix + "_SERVICE_PORT", Integer.toString(ports.get(0).path("port").asInt()));
    for (JsonNode port : ports) {
      String portName = port.path("name").asText("");
      if (!portName.isEmpty()) env.put(prefix + "_SERVICE_PORT_" + variableName(portName), Integer.toString(port.path("port").asInt()));
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String protocol = port.path("protocol").asText("TCP");
      if (protocol.isEmpty()) protocol = "TCP";
      int number = port.path("port").asInt();
      String url = protocol.toLowerCase(Locale.ROOT) + "://" + host + ":" + number;
      if (i == 0) env.put(prefix + "_PORT", url);
      String portPrefix = prefix + "_PORT_" + number + "_" + protocol.toUpperCase(Locale.ROOT);
      env.put(portPrefix, url);
      env.put(portPrefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
      env.put(portPrefix + "_PORT", Integer.toString(number));
      env.put(portPrefix + "_ADDR", ip);
    }
  }

  /** kubelet's makeEnvVariableName: upper case, '-' becomes '_'. */
  static String variableName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
