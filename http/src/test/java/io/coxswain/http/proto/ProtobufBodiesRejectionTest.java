package io.coxswain.http.proto;

import static io.coxswain.http.proto.ProtobufTestBodies.body;
import static io.coxswain.http.proto.ProtobufTestBodies.envelope;
import static io.coxswain.http.proto.ProtobufTestBodies.rejected;
import static io.coxswain.http.proto.ProtobufTestBodies.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.coxswain.core.StatusException;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bodies that are not a readable Kubernetes protobuf object come back as 400 BadRequest. */
class ProtobufBodiesRejectionTest {

  @Test
  void rejectsJsonSentAsProtobuf() {
    StatusException e = rejected("{\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8));

    assertTrue(e.getMessage().contains("not a Kubernetes protobuf message"), e.getMessage());
  }

  @Test
  void rejectsBodiesShorterThanThePrefix() {
    rejected(new byte[0]);
    rejected(new byte[] {'k', '8', 's'});
    rejected(null);
  }

  @Test
  void rejectsEveryBodyCutShortInsideTheObject() {
    V1.Pod pod = V1.Pod.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").putLabels("app", "web")).build();
    byte[] full = body("v1", "Pod", pod);
    int trailer = 4; // the empty contentEncoding and contentType fields
    int objectStart = full.length - trailer - pod.getSerializedSize();

    for (int length = objectStart; length < full.length - trailer; length++) {
      StatusException e = rejected(Arrays.copyOf(full, length));
      assertTrue(e.getMessage().contains("protobuf"), e.getMessage());
    }
  }

  @Test
  void rejectsGarbageAfterThePrefix() {
    rejected(new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
  }

  @Test
  void rejectsKindsItCannotDecode() {
    StatusException unknownKind = rejected(body("example.com/v1", "Widget", V1.Pod.getDefaultInstance()));
    StatusException unservedVersion = rejected(body("apps/v1beta1", "Deployment", V1Apps.Deployment.getDefaultInstance()));

    assertTrue(unknownKind.getMessage().contains("\"Widget\""), unknownKind.getMessage());
    assertTrue(unknownKind.getMessage().contains("application/json"), unknownKind.getMessage());
    assertTrue(unservedVersion.getMessage().contains("apps/v1beta1"), unservedVersion.getMessage());
  }

  @Test
  void rejectsEnvelopesThatDoNotNameTheirKind() {
    rejected(envelope(Unknown.newBuilder().setRaw(V1.Pod.getDefaultInstance().toByteString()).build()));
    rejected(envelope(Unknown.newBuilder().setTypeMeta(TypeMeta.newBuilder().setKind("Pod")).build()));
  }

  @Test
  void rejectsMalformedObjectBytes() {
    StatusException e = rejected(envelope(Unknown.newBuilder()
        .setTypeMeta(TypeMeta.newBuilder().setApiVersion("v1").setKind("Pod"))
        .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01})).build()));

    assertTrue(e.getMessage().contains("Pod"), e.getMessage());
  }

  @Test
  void rejectsEncodedContent() {
    rejected(envelope(Unknown.newBuilder()
        .setTypeMeta(TypeMeta.newBuilder().setApiVersion("v1").setKind("Pod"))
        .setRaw(V1.Pod.getDefaultInstance().toByteString()).setContentEncoding("gzip").build()));
  }

  @Test
  void rejectsValuesGoCannotMarshal() {
    rejected(body("v1", "Service", V1.Service.newBuilder().setSpec(V1.ServiceSpec.newBuilder()
        .addPorts(V1.ServicePort.newBuilder().setPort(80).setTargetPort(IntOrString.newBuilder().setType(2)))).build()));
    rejected(body("v1", "Pod", V1.Pod.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(300_000_000_000L))).build()));
    rejected(body("v1", "Pod", V1.Pod.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
            .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:data\":"))))).build()));
  }
}
