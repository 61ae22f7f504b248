package io.coxswain.http.proto;

import static io.coxswain.http.proto.ProtobufTestBodies.decode;
import static io.coxswain.http.proto.ProtobufTestBodies.dyn;
import static io.coxswain.http.proto.ProtobufTestBodies.json;
import static io.coxswain.http.proto.ProtobufTestBodies.type;
import static io.coxswain.http.proto.ProtobufTestBodies.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.coxswain.core.Json;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime.RawExtension;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Autoscaling;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {
  private static final long JAN_2_2024_03_04_05 = 1704164645L;

  // Value types

  @Test
  void writesTimesAsRfc3339SecondsDroppingNanos() {
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(JAN_2_2024_03_04_05).setNanos(999_000_000)))
        .build());

    assertEquals("2024-01-02T03:04:05Z", pod.at("/metadata/creationTimestamp").asText());
  }

  @Test
  void omitsAnEmptyTimeAsGoMarshalsItNull() {
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0)))
        .build());

    assertEquals(json("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"}}"), pod);
  }

  @Test
  void writesMicroTimesWithSixFractionDigits() {
    Descriptor lease = ProtobufSchemas.message("k8s.io.api.coordination.v1.Lease");
    Descriptor spec = type(lease, "spec");
    DynamicMessage body = dyn(lease,
        "metadata", dyn(type(lease, "metadata"), "name", "node-1", "namespace", "kube-node-lease"),
        "spec", dyn(spec,
            "holderIdentity", "node-1",
            "leaseDurationSeconds", 40,
            "renewTime", dyn(type(spec, "renewTime"), "seconds", JAN_2_2024_03_04_05, "nanos", 123_456_789),
            "leaseTransitions", 0));

    JsonNode decoded = decode("coordination.k8s.io/v1", "Lease", body);

    assertEquals(json("""
        {"kind":"Lease","apiVersion":"coordination.k8s.io/v1",
         "metadata":{"name":"node-1","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
                 "renewTime":"2024-01-02T03:04:05.123456Z","leaseTransitions":0}}"""), decoded);
  }

  @Test
  void writesQuantitiesAsTheirStringsAndAnUnsetOneAsZero() {
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("c").setImage("busybox")
            .setResources(V1.ResourceRequirements.newBuilder()
                .putRequests("cpu", Quantity.newBuilder().setString("100m").build())
                .putRequests("memory", Quantity.newBuilder().setString("64Mi").build())
                .putLimits("cpu", Quantity.getDefaultInstance()))))
        .build());

    assertEquals(json("{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},\"limits\":{\"cpu\":\"0\"}}"),
        pod.at("/spec/containers/0/resources"));
  }

  @Test
  void writesIntOrStringAsANumberOrAString() {
    JsonNode svc = decode("v1", "Service", V1.Service.newBuilder()
        .setSpec(V1.ServiceSpec.newBuilder()
            .addPorts(V1.ServicePort.newBuilder().setPort(80)
                .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080).setStrVal("")))
            .addPorts(V1.ServicePort.newBuilder().setPort(443)
                .setTargetPort(IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal("https"))))
        .build());

    assertTrue(svc.at("/spec/ports/0/targetPort").isInt());
    assertEquals(8080, svc.at("/spec/ports/0/targetPort").asInt());
    assertEquals("https", svc.at("/spec/ports/1/targetPort").textValue());
  }

  @Test
  void writesInt64FieldsAsExactJsonNumbers() {
    long beyondDoublePrecision = 9_007_199_254_740_993L;
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").setGeneration(beyondDoublePrecision))
        .setSpec(V1.PodSpec.newBuilder().setActiveDeadlineSeconds(beyondDoublePrecision))
        .build());

    assertTrue(pod.at("/metadata/generation").isIntegralNumber());
    assertEquals(beyondDoublePrecision, pod.at("/metadata/generation").longValue());
    assertEquals(beyondDoublePrecision, pod.at("/spec/activeDeadlineSeconds").longValue());
  }

  @Test
  void writesBytesAsBase64AndKeepsEmptyMapValues() {
    JsonNode secret = decode("v1", "Secret", V1.Secret.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
        .putData("key", ByteString.copyFrom(new byte[] {0, (byte) 0xff, 'a'}))
        .putData("empty", ByteString.EMPTY)
        .putStringData("plain", "")
        .setType("Opaque")
        .build());

    assertEquals(json("""
        {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
         "data":{"empty":"","key":"AP9h"},"stringData":{"plain":""},"type":"Opaque"}"""), secret);
  }

  @Test
  void writesManagedFieldsAsTheirJson() {
    JsonNode cm = decode("v1", "ConfigMap", V1.ConfigMap.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("c")
            .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl").setOperation("Update")
                .setApiVersion("v1").setFieldsType("FieldsV1")
                .setTime(Meta.Time.newBuilder().setSeconds(JAN_2_2024_03_04_05))
                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:data\":{\".\":{}}}")))))
        .build());

    assertEquals(json("""
        [{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2024-01-02T03:04:05Z",
          "fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{}}}}]"""), cm.at("/metadata/managedFields"));
  }

  @Test
  void writesRawExtensionsAsTheirJsonAndOmitsEmptyOnes() {
    ObjectNode withData = Json.MAPPER.createObjectNode();
    ProtoToJson.writeFields(V1Apps.ControllerRevision.newBuilder()
        .setData(RawExtension.newBuilder().setRaw(utf8("{\"spec\":{\"replicas\":1}}")))
        .setRevision(2).build(), withData);
    ObjectNode empty = Json.MAPPER.createObjectNode();
    ProtoToJson.writeFields(V1Apps.ControllerRevision.newBuilder()
        .setData(RawExtension.getDefaultInstance()).setRevision(3).build(), empty);

    assertEquals(json("{\"data\":{\"spec\":{\"replicas\":1}},\"revision\":2}"), withData);
    assertEquals(json("{\"revision\":3}"), empty);
  }

  // What the schema cannot say about the Go structs

  @Test
  void keepsTheZeroOfPointerFieldsAndDropsTheZeroOfPlainOnes() {
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").setNamespace("").setGeneration(0)
            .setDeletionGracePeriodSeconds(0))
        .setSpec(V1.PodSpec.newBuilder()
            .addContainers(V1.Container.newBuilder().setName("c").setImage("busybox").setWorkingDir("")
                .setStdin(false).setTty(false)
                .setSecurityContext(V1.SecurityContext.newBuilder().setRunAsUser(0).setPrivileged(false)))
            .setRestartPolicy("")
            .setTerminationGracePeriodSeconds(0)
            .setAutomountServiceAccountToken(false)
            .setHostNetwork(false)
            .setNodeName("")
            .setSchedulerName(""))
        .build());

    assertEquals(json("""
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","deletionGracePeriodSeconds":0},
         "spec":{"containers":[{"name":"c","image":"busybox","securityContext":{"privileged":false,"runAsUser":0}}],
                 "terminationGracePeriodSeconds":0,"automountServiceAccountToken":false}}"""), pod);
  }

  @Test
  void inlinesEmbeddedStructsAsKubernetesJsonDoes() {
    JsonNode pod = decode("v1", "Pod", V1.Pod.newBuilder()
        .setSpec(V1.PodSpec.newBuilder()
            .addVolumes(V1.Volume.newBuilder().setName("config")
                .setVolumeSource(V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                    .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("cfg"))
                    .setDefaultMode(0))))
            .addContainers(V1.Container.newBuilder().setName("c")
                .addEnv(V1.EnvVar.newBuilder().setName("PASSWORD").setValueFrom(V1.EnvVarSource.newBuilder()
                    .setSecretKeyRef(V1.SecretKeySelector.newBuilder()
                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("db"))
                        .setKey("password"))))
                .setLivenessProbe(V1.Probe.newBuilder()
                    .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/healthz")
                        .setPort(IntOrString.newBuilder().setType(0).setIntVal(8080))))
                    .setPeriodSeconds(10))))
        .build());

    assertEquals(json("""
        {"volumes":[{"name":"config","configMap":{"name":"cfg","defaultMode":0}}],
         "containers":[{"name":"c",
                        "env":[{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}],
                        "livenessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":10}}]}"""),
        pod.get("spec"));
  }

  @Test
  void namesTheBoundObjectUidAsJsonDoes() {
    JsonNode request = decode("authentication.k8s.io/v1", "TokenRequest", V1Authentication.TokenRequest.newBuilder()
        .setSpec(V1Authentication.TokenRequestSpec.newBuilder().addAudiences("api").setExpirationSeconds(600)
            .setBoundObjectRef(V1Authentication.BoundObjectReference.newBuilder()
                .setKind("Pod").setApiVersion("v1").setName("p").setUID("uid-1")))
        .build());

    assertEquals(json("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"p\",\"uid\":\"uid-1\"}"),
        request.at("/spec/boundObjectRef"));
  }

  @Test
  void readsPodFieldsNewerThanTheGeneratedLibrary() {
    Descriptor pod = ProtobufSchemas.message("k8s.io.api.core.v1.Pod");
    Descriptor spec = type(pod, "spec");
    Descriptor resources = type(spec, "resources");
    Descriptor volume = type(spec, "volumes");
    Descriptor source = type(volume, "volumeSource");
    FieldDescriptor limits = resources.findFieldByName("limits");
    DynamicMessage body = dyn(pod, "spec", dyn(spec,
        "volumes", List.of(dyn(volume, "name", "model", "volumeSource",
            dyn(source, "image", dyn(type(source, "image"), "reference", "registry/model:v1", "pullPolicy", "IfNotPresent")))),
        "securityContext", dyn(type(spec, "securityContext"), "supplementalGroupsPolicy", "Strict",
            "seLinuxChangePolicy", "Recursive"),
        "resourceClaims", List.of(dyn(type(spec, "resourceClaims"), "name", "gpu", "resourceClaimTemplateName", "gpu-t")),
        "resources", dyn(resources, "limits", List.of(dyn(limits.getMessageType(),
            "key", "cpu", "value", dyn(limits.getMessageType().findFieldByName("value").getMessageType(), "string", "2"))))));

    JsonNode decoded = decode("v1", "Pod", body);

    assertEquals(json("""
        {"volumes":[{"name":"model","image":{"reference":"registry/model:v1","pullPolicy":"IfNotPresent"}}],
         "securityContext":{"supplementalGroupsPolicy":"Strict","seLinuxChangePolicy":"Recursive"},
         "resourceClaims":[{"name":"gpu","resourceClaimTemplateName":"gpu-t"}],
         "resources":{"limits":{"cpu":"2"}}}"""), decoded.get("spec"));
  }

  // The other decodable kinds

  @Test
  void decodesEndpointSlicesWithTheirPointerFields() {
    Descriptor slice = ProtobufSchemas.message("k8s.io.api.discovery.v1.EndpointSlice");
    Descriptor endpoint = type(slice, "endpoints");
    Descriptor topology = type(endpoint, "deprecatedTopology");
    DynamicMessage body = dyn(slice,
        "metadata", dyn(type(slice, "metadata"), "name", "web-abc", "namespace", "default"),
        "addressType", "IPv4",
        "endpoints", List.of(dyn(endpoint,
            "addresses", List.of("10.0.0.5"),
            "conditions", dyn(type(endpoint, "conditions"), "ready", false, "serving", true),
            "targetRef", dyn(type(endpoint, "targetRef"), "kind", "Pod", "name", "web-1", "namespace", "default"),
            "deprecatedTopology", List.of(dyn(topology, "key", "zone", "value", "b"), dyn(topology, "key", "rack", "value", "")),
            "nodeName", "node-1")),
        "ports", List.of(dyn(type(slice, "ports"), "name", "", "protocol", "TCP", "port", 8080)));

    JsonNode decoded = decode("discovery.k8s.io/v1", "EndpointSlice", body);

    assertEquals(json("""
        {"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1",
         "metadata":{"name":"web-abc","namespace":"default"},"addressType":"IPv4",
         "endpoints":[{"addresses":["10.0.0.5"],"conditions":{"ready":false,"serving":true},
                       "targetRef":{"kind":"Pod","namespace":"default","name":"web-1"},
                       "deprecatedTopology":{"rack":"","zone":"b"},"nodeName":"node-1"}],
         "ports":[{"name":"","protocol":"TCP","port":8080}]}"""), decoded);
  }

  @Test
  void decodesEventsWithTheirTimes() {
    JsonNode event = decode("v1", "Event", V1.Event.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p.17a").setNamespace("default"))
        .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setName("p").setNamespace("default"))
        .setReason("Started").setMessage("Started container c")
        .setSource(V1.EventSource.newBuilder().setComponent("kubelet"))
        .setFirstTimestamp(Meta.Time.getDefaultInstance())
        .setLastTimestamp(Meta.Time.newBuilder().setSeconds(JAN_2_2024_03_04_05))
        .setCount(1).setType("Normal")
        .setEventTime(Meta.MicroTime.newBuilder().setSeconds(JAN_2_2024_03_04_05).setNanos(5_000))
        .build());

    assertFalse(event.has("firstTimestamp"));
    assertEquals("2024-01-02T03:04:05Z", event.get("lastTimestamp").asText());
    assertEquals("2024-01-02T03:04:05.000005Z", event.get("eventTime").asText());
    assertEquals(1, event.get("count").asInt());
  }

  @Test
  void decodesScaleBodies() {
    JsonNode scale = decode("autoscaling/v1", "Scale", V1Autoscaling.Scale.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("default"))
        .setSpec(V1Autoscaling.ScaleSpec.newBuilder().setReplicas(3))
        .setStatus(V1Autoscaling.ScaleStatus.newBuilder().setReplicas(1).setSelector("app=web"))
        .build());

    assertEquals(json("""
        {"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default"},
         "spec":{"replicas":3},"status":{"replicas":1,"selector":"app=web"}}"""), scale);
  }

  @Test
  void decodesDeleteOptionsUnderAnyGroupVersion() {
    Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder()
        .setGracePeriodSeconds(0)
        .setPreconditions(Meta.Preconditions.newBuilder().setUid("uid-1"))
        .setPropagationPolicy("Foreground")
        .addDryRun("All")
        .build();

    assertEquals(json("""
        {"kind":"DeleteOptions","apiVersion":"apps/v1","gracePeriodSeconds":0,"preconditions":{"uid":"uid-1"},
         "propagationPolicy":"Foreground","dryRun":["All"]}"""), decode("apps/v1", "DeleteOptions", options));
    assertEquals("meta.k8s.io/v1", decode("meta.k8s.io/v1", "DeleteOptions", options).get("apiVersion").asText());
  }
}
