package io.coxswain.http.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes 1.32 protobuf schemas, as descriptors to parse with.
 *
 * <p>The generated client library lags the API: its core/v1 and meta/v1 files miss fields that
 * kubectl 1.32 can send, and it has no discovery.k8s.io or coordination.k8s.io files at all. Its
 * files are rebuilt here with the missing fields added (same names, numbers and declaration order as
 * Kubernetes' {@code generated.proto}), and the two missing files are built from transcriptions, so
 * nothing a 1.32 client sends for these kinds is silently dropped.
 */
final class ProtobufSchemas {
  private static final String CORE = ".k8s.io.api.core.v1.";
  private static final String META = ".k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String DISCOVERY = ".k8s.io.api.discovery.v1.";

  private static final Map<String, Descriptor> MESSAGES = new HashMap<>();

  static {
    Map<String, UnaryOperator<FileDescriptorProto>> patches = Map.of(
        V1.getDescriptor().getName(), ProtobufSchemas::coreV1,
        Meta.getDescriptor().getName(), ProtobufSchemas::metaV1);
    Map<String, FileDescriptor> files = new HashMap<>();
    for (FileDescriptor generated : List.of(V1.getDescriptor(), V1Apps.getDescriptor(),
        V1Autoscaling.getDescriptor(), V1Policy.getDescriptor(), V1Authentication.getDescriptor())) {
      rebuild(generated, patches, files);
    }
    FileDescriptor core = files.get(V1.getDescriptor().getName());
    FileDescriptor meta = files.get(Meta.getDescriptor().getName());
    files.put("discovery", build(discoveryV1(core, meta), core, meta));
    files.put("coordination", build(coordinationV1(meta), meta));
    for (FileDescriptor file : files.values()) {
      for (Descriptor message : file.getMessageTypes()) MESSAGES.put(message.getFullName(), message);
    }
  }

  private ProtobufSchemas() {}

  /** The top-level message with this full name, e.g. {@code k8s.io.api.apps.v1.Deployment}. */
  static Descriptor message(String fullName) {
    Descriptor message = MESSAGES.get(fullName);
    if (message == null) throw new IllegalArgumentException("no protobuf message " + fullName);
    return message;
  }

  // 1.32 additions to the generated files

  private static FileDescriptorProto coreV1(FileDescriptorProto generated) {
    FileDescriptorProto.Builder file = generated.toBuilder();
    DescriptorProto.Builder podSpec = message(file, "PodSpec");
    insertAfter(podSpec, "resourceClaims", message("resources", 40, CORE + "ResourceRequirements"));
    DescriptorProto.Builder podSecurity = message(file, "PodSecurityContext");
    insertAfter(podSecurity, "supplementalGroups", optional("supplementalGroupsPolicy", 12, Type.TYPE_STRING));
    insertAfter(podSecurity, "appArmorProfile", optional("seLinuxChangePolicy", 13, Type.TYPE_STRING));
    DescriptorProto.Builder podClaim = message(file, "PodResourceClaim");
    remove(podClaim, "source"); // the 1.30 ClaimSource (field 2) is gone from 1.32
    insertAfter(podClaim, "name", optional("resourceClaimName", 3, Type.TYPE_STRING));
    insertAfter(podClaim, "resourceClaimName", optional("resourceClaimTemplateName", 4, Type.TYPE_STRING));
    insertAfter(message(file, "ResourceClaim"), "name", optional("request", 2, Type.TYPE_STRING));
    insertAfter(message(file, "VolumeSource"), "ephemeral", message("image", 30, CORE + "ImageVolumeSource"));
    if (file.getMessageTypeList().stream().noneMatch(m -> m.getName().equals("ImageVolumeSource"))) {
      file.addMessageType(DescriptorProto.newBuilder().setName("ImageVolumeSource")
          .addField(optional("reference", 1, Type.TYPE_STRING))
          .addField(optional("pullPolicy", 2, Type.TYPE_STRING)));
    }
    return file.build();
  }

  private static FileDescriptorProto metaV1(FileDescriptorProto generated) {
    FileDescriptorProto.Builder file = generated.toBuilder();
    insertAfter(message(file, "DeleteOptions"), "dryRun",
        optional("ignoreStoreReadErrorWithClusterBreakingPotential", 6, Type.TYPE_BOOL));
    return file.build();
  }

  // Files the generated library does not have

  private static FileDescriptorProto discoveryV1(FileDescriptor core, FileDescriptor meta) {
    return FileDescriptorProto.newBuilder()
        .setName("k8s.io/api/discovery/v1/generated.proto")
        .setPackage("k8s.io.api.discovery.v1")
        .setSyntax("proto2")
        .addDependency(core.getName())
        .addDependency(meta.getName())
        .addMessageType(DescriptorProto.newBuilder().setName("Endpoint")
            .addField(repeated("addresses", 1, Type.TYPE_STRING))
            .addField(message("conditions", 2, DISCOVERY + "EndpointConditions"))
            .addField(optional("hostname", 3, Type.TYPE_STRING))
            .addField(message("targetRef", 4, CORE + "ObjectReference"))
            .addField(repeatedMessage("deprecatedTopology", 5, DISCOVERY + "Endpoint.DeprecatedTopologyEntry"))
            .addField(optional("nodeName", 6, Type.TYPE_STRING))
            .addField(optional("zone", 7, Type.TYPE_STRING))
            .addField(message("hints", 8, DISCOVERY + "EndpointHints"))
            .addNestedType(stringMapEntry("DeprecatedTopologyEntry")))
        .addMessageType(DescriptorProto.newBuilder().setName("EndpointConditions")
            .addField(optional("ready", 1, Type.TYPE_BOOL))
            .addField(optional("serving", 2, Type.TYPE_BOOL))
            .addField(optional("terminating", 3, Type.TYPE_BOOL)))
        .addMessageType(DescriptorProto.newBuilder().setName("EndpointHints")
            .addField(repeatedMessage("forZones", 1, DISCOVERY + "ForZone")))
        .addMessageType(DescriptorProto.newBuilder().setName("EndpointPort")
            .addField(optional("name", 1, Type.TYPE_STRING))
            .addField(optional("protocol", 2, Type.TYPE_STRING))
            .addField(optional("port", 3, Type.TYPE_INT32))
            .addField(optional("appProtocol", 4, Type.TYPE_STRING)))
        .addMessageType(DescriptorProto.newBuilder().setName("EndpointSlice")
            .addField(message("metadata", 1, META + "ObjectMeta"))
            .addField(optional("addressType", 4, Type.TYPE_STRING))
            .addField(repeatedMessage("endpoints", 2, DISCOVERY + "Endpoint"))
            .addField(repeatedMessage("ports", 3, DISCOVERY + "EndpointPort")))
        .addMessageType(DescriptorProto.newBuilder().setName("ForZone")
            .addField(optional("name", 1, Type.TYPE_STRING)))
        .build();
  }

  private static FileDescriptorProto coordinationV1(FileDescriptor meta) {
    return FileDescriptorProto.newBuilder()
        .setName("k8s.io/api/coordination/v1/generated.proto")
        .setPackage("k8s.io.api.coordination.v1")
        .setSyntax("proto2")
        .addDependency(meta.getName())
        .addMessageType(DescriptorProto.newBuilder().setName("Lease")
            .addField(message("metadata", 1, META + "ObjectMeta"))
            .addField(message("spec", 2, ".k8s.io.api.coordination.v1.LeaseSpec")))
        .addMessageType(DescriptorProto.newBuilder().setName("LeaseSpec")
            .addField(optional("holderIdentity", 1, Type.TYPE_STRING))
            .addField(optional("leaseDurationSeconds", 2, Type.TYPE_INT32))
            .addField(message("acquireTime", 3, META + "MicroTime"))
            .addField(message("renewTime", 4, META + "MicroTime"))
            .addField(optional("leaseTransitions", 5, Type.TYPE_INT32))
            .addField(optional("strategy", 6, Type.TYPE_STRING))
            .addField(optional("preferredHolder", 7, Type.TYPE_STRING)))
        .build();
  }

  // Building

  private static FileDescriptor rebuild(FileDescriptor generated,
      Map<String, UnaryOperator<FileDescriptorProto>> patches, Map<String, FileDescriptor> done) {
    FileDescriptor built = done.get(generated.getName());
    if (built != null) return built;
    FileDescriptor[] dependencies = generated.getDependencies().stream()
        .map(d -> rebuild(d, patches, done)).toArray(FileDescriptor[]::new);
    FileDescriptorProto proto = patches.getOrDefault(generated.getName(), UnaryOperator.identity())
        .apply(generated.toProto());
    built = build(proto, dependencies);
    done.put(generated.getName(), built);
    return built;
  }

  private static FileDescriptor build(FileDescriptorProto proto, FileDescriptor... dependencies) {
    try {
      return FileDescriptor.buildFrom(proto, dependencies);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("invalid built-in protobuf schema " + proto.getName(), e);
    }
  }

  private static DescriptorProto.Builder message(FileDescriptorProto.Builder file, String name) {
    for (DescriptorProto.Builder message : file.getMessageTypeBuilderList()) {
      if (message.getName().equals(name)) return message;
    }
    throw new IllegalStateException(file.getName() + " has no message " + name);
  }

  /** Adds {@code field} after {@code previous}, unless the generated schema already has it. */
  private static void insertAfter(DescriptorProto.Builder message, String previous, FieldDescriptorProto field) {
    if (indexOf(message, field.getName()) >= 0) return;
    int at = indexOf(message, previous);
    if (at < 0) throw new IllegalStateException(message.getName() + " has no field " + previous);
    message.addField(at + 1, field);
  }

  private static void remove(DescriptorProto.Builder message, String name) {
    int at = indexOf(message, name);
    if (at >= 0) message.removeField(at);
  }

  private static int indexOf(DescriptorProto.Builder message, String name) {
    for (int i = 0; i < message.getFieldCount(); i++) {
      if (message.getField(i).getName().equals(name)) return i;
    }
    return -1;
  }

  private static FieldDescriptorProto optional(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name).setJsonName(name).setNumber(number).setLabel(Label.LABEL_OPTIONAL).setType(type).build();
  }

  private static FieldDescriptorProto repeated(String name, int number, Type type) {
    return optional(name, number, type).toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  private static FieldDescriptorProto message(String name, int number, String typeName) {
    return optional(name, number, Type.TYPE_MESSAGE).toBuilder().setTypeName(typeName).build();
  }

  private static FieldDescriptorProto repeatedMessage(String name, int number, String typeName) {
    return message(name, number, typeName).toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  private static DescriptorProto stringMapEntry(String name) {
    return DescriptorProto.newBuilder().setName(name)
        .addField(optional("key", 1, Type.TYPE_STRING))
        .addField(optional("value", 2, Type.TYPE_STRING))
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
  }
}
