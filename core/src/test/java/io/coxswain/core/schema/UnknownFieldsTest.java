package io.coxswain.core.schema;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import io.coxswain.core.kinds.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {

  private static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.YAML.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> fields(ObjectNode obj, ResourceType type) {
    return UnknownFields.find(obj, type).stream().map(Cause::field).toList();
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
        labels: {app: web, tier.example.com/frontend: "true"}
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: "{}"
      spec:
        replicas: 3
        revisionHistoryLimit: 5
        progressDeadlineSeconds: 600
        selector:
          matchLabels: {app: web}
          matchExpressions:
          - {key: tier, operator: In, values: [frontend]}
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
        template:
          metadata:
            creationTimestamp: null
            labels: {app: web}
          spec:
            terminationGracePeriodSeconds: 30
            nodeSelector: {kubernetes.io/os: linux}
            tolerations:
            - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
            affinity:
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 100
                  podAffinityTerm:
                    topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app: web}}
            containers:
            - name: nginx
              image: nginx:1.27
              imagePullPolicy: IfNotPresent
              args: ["-g", "daemon off;"]
              ports:
              - {name: http, containerPort: 80, protocol: TCP}
              env:
              - {name: MODE, value: production}
              - name: POD_IP
                valueFrom: {fieldRef: {fieldPath: status.podIP}}
              envFrom:
              - configMapRef: {name: web-config}
              resources:
                requests: {cpu: 100m, memory: 64Mi}
                limits: {cpu: "1", memory: 128Mi, example.com/gpu: 1}
              readinessProbe:
                httpGet: {path: /healthz, port: http}
                periodSeconds: 5
              livenessProbe:
                tcpSocket: {port: 80}
                initialDelaySeconds: 10
              volumeMounts:
              - {name: content, mountPath: /usr/share/nginx/html, readOnly: true}
            volumes:
            - name: content
              configMap: {name: web-content, items: [{key: index.html, path: index.html}]}
      status:
        replicas: 3
        conditions:
        - {type: Available, status: "True", lastUpdateTime: "2024-01-01T00:00:00Z"}
      """;

  @Test
  void reportsMisspeltContainerFieldWithItsFullPath() {
    ObjectNode obj = yaml(DEPLOYMENT.replace("imagePullPolicy:", "imagePullPolcy:"));
    List<Cause> causes = UnknownFields.find(obj, DeploymentStrategy.TYPE);
    assertEquals(1, causes.size());
    assertEquals("spec.template.spec.containers[0].imagePullPolcy", causes.get(0).field());
    assertEquals("unknown field \"spec.template.spec.containers[0].imagePullPolcy\"", causes.get(0).message());
  }

  @Test
  void acceptsARealisticDeployment() {
    assertEquals(List.of(), fields(yaml(DEPLOYMENT), DeploymentStrategy.TYPE));
  }

  @Test
  void acceptsAPodWithProbesVolumesAndResources() {
    ObjectNode pod = yaml(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: worker
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: worker-abc, uid: 1234, controller: true, blockOwnerDeletion: true}
        spec:
          restartPolicy: Always
          serviceAccountName: default
          securityContext: {runAsUser: 1000, fsGroup: 2000}
          initContainers:
          - {name: init, image: busybox, command: [sh, -c, "true"]}
          containers:
          - name: app
            image: busybox
            command: [sleep, "3600"]
            startupProbe:
              exec: {command: [cat, /tmp/ready]}
              failureThreshold: 30
            livenessProbe:
              grpc: {port: 9000}
            resources:
              limits: {memory: 1Gi}
            securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            volumeMounts:
            - {name: scratch, mountPath: /tmp}
            - {name: secret, mountPath: /etc/secret}
          volumes:
          - name: scratch
            emptyDir: {sizeLimit: 1Gi, medium: Memory}
          - name: secret
            secret: {secretName: creds, defaultMode: 0400}
          - name: both
            projected:
              sources:
              - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
              - serviceAccountToken: {path: token, expirationSeconds: 3600}
        status:
          phase: Running
          podIP: 10.0.0.5
          podIPs: [{ip: 10.0.0.5}]
          conditions: [{type: Ready, status: "True"}]
          containerStatuses:
          - name: app
            ready: true
            restartCount: 0
            image: busybox
            imageID: ""
            state: {running: {startedAt: "2024-01-01T00:00:00Z"}}
        """);
    assertEquals(List.of(), fields(pod, PodStrategy.TYPE));
  }

  @Test
  void acceptsAServiceAndAConfigMapWithArbitraryKeys() {
    ObjectNode service = yaml(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {app: web}}
        spec:
          type: NodePort
          selector: {app: web, any.domain/key: value}
          ports:
          - {name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}
          sessionAffinity: ClientIP
          sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
          ipFamilyPolicy: SingleStack
        status:
          loadBalancer: {ingress: [{ip: 1.2.3.4}]}
        """);
    assertEquals(List.of(), fields(service, ServiceStrategy.TYPE));
    ObjectNode configMap = yaml(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {MODE: production, nginx.conf: "server {}", spec: anything}
        binaryData: {blob: aGVsbG8=}
        """);
    assertEquals(List.of(), fields(configMap, ConfigMapStrategy.TYPE));
    ObjectNode secret = yaml(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        type: Opaque
        data: {password: aGVsbG8=}
        stringData: {user: admin}
        """);
    assertEquals(List.of(), fields(secret, SecretStrategy.TYPE));
  }

  @Test
  void reportsUnknownFieldsAtTheTopInMetadataAndInStatus() {
    ObjectNode obj = yaml(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, lables: {x: y}}
        dta: {a: b}
        """);
    assertEquals(List.of("metadata.lables", "dta"), fields(obj, ConfigMapStrategy.TYPE));
    ObjectNode pod = yaml(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec: {containers: [{name: a, image: b}]}
        status: {phase: Running, conditions: [{type: Ready, status: "True", reasn: x}]}
        """);
    assertEquals(List.of("status.conditions[0].reasn"), fields(pod, PodStrategy.TYPE));
  }

  @Test
  void reportsEveryUnknownFieldInItsOwnCause() {
    ObjectNode obj = yaml(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec:
          ports: [{port: 80, targetPrt: 8080}, {port: 81, nodeport: 1}]
          selectr: {a: b}
        """);
    assertEquals(List.of("spec.ports[0].targetPrt", "spec.ports[1].nodeport", "spec.selectr"),
        fields(obj, ServiceStrategy.TYPE));
  }

  @Test
  void leavesValuesOfTheWrongTypeToValidation() {
    ObjectNode obj = yaml(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, labels: [x]}
        spec:
          containers: {name: a}
          volumes: "none"
          initContainers: [1, null, [], {name: b, image: c}]
        status: 7
        """);
    assertEquals(List.of(), fields(obj, PodStrategy.TYPE));
  }

  @Test
  void acceptsEveryServedKindsOwnFields() {
    assertEquals(List.of(), fields(yaml("""
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: node-1, namespace: kube-node-lease}
        spec: {holderIdentity: node-1, leaseDurationSeconds: 40, renewTime: "2024-01-01T00:00:00.000000Z"}
        """), LeaseStrategy.TYPE));
    assertEquals(List.of(), fields(yaml("""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-abc, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        endpoints:
        - addresses: [10.0.0.5]
          conditions: {ready: true, serving: true, terminating: false}
          nodeName: node-1
          targetRef: {kind: Pod, name: web-1, namespace: default}
        ports: [{name: http, port: 80, protocol: TCP}]
        """), EndpointSliceStrategy.TYPE));
    assertEquals(List.of(), fields(yaml("""
        apiVersion: v1
        kind: Event
        metadata: {name: web.1}
        involvedObject: {kind: Pod, name: web, namespace: default}
        reason: Scheduled
        message: assigned
        type: Normal
        count: 1
        source: {component: scheduler}
        firstTimestamp: "2024-01-01T00:00:00Z"
        eventTime: null
        """), EventStrategy.TYPE));
    assertEquals(List.of(), fields(yaml("""
        apiVersion: v1
        kind: Node
        metadata: {name: node-1}
        spec: {podCIDR: 10.0.0.0/24, taints: [{key: a, effect: NoSchedule}]}
        status:
          capacity: {cpu: "4", memory: 8Gi, pods: "110"}
          addresses: [{type: InternalIP, address: 10.0.0.1}]
          nodeInfo: {kubeletVersion: v1.32.0, architecture: amd64, bootID: "", containerRuntimeVersion: "", kernelVersion: "", kubeProxyVersion: "", machineID: "", operatingSystem: linux, osImage: "", systemUUID: ""}
        """), NodeStrategy.TYPE));
  }

  @Test
  void findsNothingForAKindWithoutASchema() {
    ResourceType widget = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", true,
        List.of(), List.of(), false, false);
    assertEquals(List.of(), fields(yaml("{apiVersion: example.com/v1, kind: Widget, anything: 1}"), widget));
  }
}
