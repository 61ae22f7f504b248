package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.json;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replaces every value of a valid manifest, one at a time, with values of every JSON type and runs
 * each strategy method on the result: nothing may throw, whatever a client sends.
 */
class HostileInputTest {
  private static final List<JsonNode> HOSTILE_VALUES = List.of(
      json("{\"v\": null}").get("v"), json("{\"v\": 7}").get("v"), json("{\"v\": -1}").get("v"),
      json("{\"v\": 1.5}").get("v"), json("{\"v\": 123456789012345678901234567890}").get("v"),
      json("{\"v\": \"x\"}").get("v"), json("{\"v\": \"\"}").get("v"), json("{\"v\": true}").get("v"),
      json("{\"v\": []}").get("v"), json("{\"v\": [1, \"a\"]}").get("v"), json("{\"v\": {}}").get("v"),
      json("{\"v\": {\"a\": 1}}").get("v"));

  private static final Map<String, String> SAMPLES = Map.ofEntries(
      Map.entry("Pod", """
          metadata: {name: web, namespace: default, labels: {app: web}, annotations: {a: b},
                     ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u, controller: true}]}
          spec:
            nodeName: node-1
            hostNetwork: true
            initContainers: [{name: init, image: busybox, restartPolicy: Always, startupProbe: {exec: {command: ['true']}}}]
            containers:
            - name: web
              image: nginx:1.27
              ports: [{containerPort: 80, name: http}]
              env: [{name: A, value: b}, {name: N, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}},
                    {name: C, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}]
              resources: {requests: {cpu: 100m}, limits: {cpu: '1', memory: 1Gi}}
              livenessProbe: {httpGet: {port: http, path: /healthz}}
              readinessProbe: {tcpSocket: {port: 80}}
              lifecycle: {preStop: {exec: {command: [sleep, '5']}}}
              volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
            volumes:
            - {name: cfg, configMap: {name: cfg}}
            - name: proj
              projected: {sources: [{serviceAccountToken: {path: token}}, {downwardAPI: {items: [{path: n, fieldRef: {fieldPath: metadata.name}}]}}]}
            - {name: logs, hostPath: {path: /var/log}}
            tolerations: [{key: k, operator: Equal, value: v, effect: NoExecute, tolerationSeconds: 5}]
            nodeSelector: {disk: ssd}
            activeDeadlineSeconds: 100
          status: {phase: Running, podIPs: [{ip: 10.0.0.1}]}
          """),
      Map.entry("Deployment", """
          metadata: {name: web, namespace: default, annotations: {a: b}}
          spec:
            replicas: 2
            selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}
            strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 10%}}
            template:
              metadata: {labels: {app: web, tier: a}}
              spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
          """),
      Map.entry("ReplicaSet", """
          metadata: {name: web, namespace: default}
          spec:
            replicas: 2
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: nginx}]}
          status: {replicas: 2}
          """),
      Map.entry("Service", """
          metadata: {name: web, namespace: default}
          spec:
            type: LoadBalancer
            clusterIP: 10.96.0.10
            selector: {app: web}
            sessionAffinity: ClientIP
            sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
            externalIPs: [1.2.3.4]
            loadBalancerSourceRanges: [10.0.0.0/8]
            ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}, {name: dns, port: 53, protocol: UDP}]
          """),
      Map.entry("Namespace", "metadata: {name: team-a, labels: {a: b}}\nspec: {finalizers: [kubernetes]}\nstatus: {phase: Active}\n"),
      Map.entry("Node", """
          metadata: {name: node-1}
          spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24], unschedulable: true, taints: [{key: a, effect: NoSchedule}]}
          status: {capacity: {cpu: '2'}, conditions: [{type: Ready, status: 'True'}]}
          """),
      Map.entry("Endpoints", """
          metadata: {name: web, namespace: default}
          subsets: [{addresses: [{ip: 10.0.0.1, nodeName: n, hostname: h}], notReadyAddresses: [{ip: '::1'}],
                     ports: [{name: a, port: 80}, {name: b, port: 81}]}]
          """),
      Map.entry("ConfigMap", "metadata: {name: c, namespace: default}\ndata: {a: b}\nbinaryData: {c: eA==}\nimmutable: true\n"),
      Map.entry("Secret", "metadata: {name: s, namespace: default}\ntype: kubernetes.io/tls\n"
          + "data: {tls.crt: eA==, tls.key: eA==}\nstringData: {x: y}\nimmutable: true\n"),
      Map.entry("Event", """
          metadata: {name: e, namespace: default}
          involvedObject: {kind: Pod, name: web, namespace: default}
          reason: Started
          source: {component: kubelet}
          eventTime: '2024-01-01T00:00:00.000000Z'
          reportingComponent: kubelet
          reportingInstance: node-1
          action: Start
          count: 2
          """),
      Map.entry("ServiceAccount", "metadata: {name: sa, namespace: default}\nsecrets: [{name: a}]\nimagePullSecrets: [{name: b}]\n"),
      Map.entry("EndpointSlice", """
          metadata: {name: web-x, namespace: default, labels: {kubernetes.io/service-name: web}}
          addressType: IPv4
          endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}, hostname: h, nodeName: n}]
          ports: [{name: http, port: 80, protocol: TCP, appProtocol: http}]
          """),
      Map.entry("Lease", "metadata: {name: l, namespace: default}\n"
          + "spec: {holderIdentity: n, leaseDurationSeconds: 40, leaseTransitions: 1, renewTime: '2024-01-01T00:00:00.000000Z'}\n"),
      Map.entry("IPAddress", "metadata: {name: 10.96.0.5}\n"
          + "spec: {parentRef: {group: '', resource: services, namespace: default, name: web}}\n"),
      Map.entry("NodePortAllocation", "metadata: {name: '30080'}\n"
          + "spec: {parentRef: {group: '', resource: services, namespace: default, name: web}}\n"));

  static Stream<Arguments> kinds() {
    return ResourceRegistry.standard().kinds().stream().map(k -> Arguments.of(k.type().kind(), k));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everySampleIsValidAfterDefaulting(String kind, RegisteredKind registered) {
    ObjectNode sample = sample(kind, registered);
    registered.strategy().applyDefaults(sample);
    assertEquals(List.of(), registered.strategy().validate(sample));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void neverThrowsOnWronglyTypedValues(String kind, RegisteredKind registered) {
    KindStrategy strategy = registered.strategy();
    ObjectNode valid = sample(kind, registered);
    strategy.applyDefaults(valid);
    List<String> pointers = new ArrayList<>();
    collectPointers(valid, "", pointers);
    assertFalse(pointers.isEmpty());
    for (String pointer : pointers) {
      for (JsonNode hostile : HOSTILE_VALUES) {
        ObjectNode mutated = valid.deepCopy();
        replace(mutated, pointer, hostile);
        String what = kind + " with " + pointer + " = " + hostile;
        assertDoesNotThrow(() -> {
          ObjectNode defaulted = mutated.deepCopy();
          strategy.applyDefaults(defaulted);
          strategy.validate(defaulted);
          strategy.validate(mutated.deepCopy());
          strategy.validateUpdate(defaulted, valid.deepCopy());
          strategy.prepareForUpdate(mutated.deepCopy(), valid.deepCopy());
          strategy.prepareForUpdate(valid.deepCopy(), mutated.deepCopy());
          strategy.validateUpdate(valid.deepCopy(), defaulted);
          strategy.specChanged(valid, defaulted);
          strategy.selectableFields(defaulted);
          strategy.deletesGracefully(defaulted);
        }, what);
      }
    }
  }

  private static ObjectNode sample(String kind, RegisteredKind registered) {
    ObjectNode sample = yaml(SAMPLES.get(kind));
    ObjectNode obj = sample.objectNode();
    obj.put("apiVersion", registered.type().apiVersion());
    obj.put("kind", kind);
    obj.setAll(sample);
    return obj;
  }

  private static void collectPointers(JsonNode node, String pointer, List<String> out) {
    if (!pointer.isEmpty()) out.add(pointer);
    if (node instanceof ObjectNode o) {
      o.fieldNames().forEachRemaining(name -> collectPointers(o.get(name), pointer + "/" + name.replace("~", "~0").replace("/", "~1"), out));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) collectPointers(a.get(i), pointer + "/" + i, out);
    }
  }

  private static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), value.deepCopy());
    }
  }
}
