package io.coxswain.agent.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;

/** Services and EndpointSlices as the API serves them, for the DNS tests. */
final class DnsObjects {
  private DnsObjects() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode service(String ns, String name, String spec) {
    return json("{'apiVersion':'v1','kind':'Service','metadata':{'namespace':'" + ns + "','name':'" + name + "'},'spec':" + spec + "}");
  }

  static ObjectNode slice(String ns, String service, String suffix, String addressType, String endpoints, String ports) {
    return json("{'apiVersion':'discovery.k8s.io/v1','kind':'EndpointSlice','metadata':{'namespace':'" + ns + "','name':'"
        + service + "-" + suffix + "','labels':{'kubernetes.io/service-name':'" + service + "'}},'addressType':'" + addressType
        + "','endpoints':" + endpoints + ",'ports':" + ports + "}");
  }

  /** A headless Service with {@code count} ready endpoints 10.244.2.1…, unnamed. */
  static ObjectNode manyEndpoints(String ns, String service, int count) {
    StringBuilder eps = new StringBuilder("[");
    for (int i = 1; i <= count; i++) {
      if (i > 1) eps.append(',');
      eps.append("{'addresses':['10.244.2.").append(i % 250 + 1).append("'],'conditions':{'ready':true}}");
    }
    return slice(ns, service, "many", "IPv4", eps.append(']').toString(), "[{'name':'http','port':8080,'protocol':'TCP'}]");
  }
}
