package io.coxswain.http.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies kubectl 1.32 sent for imperative creates, captured byte for byte, against the JSON the same
 * command prints with {@code --dry-run=client -o json} (less its {@code "creationTimestamp": null}).
 * Go's protobuf encoder writes every non-pointer field, so these bodies are full of empty strings,
 * zeros and falses that must not reach the JSON.
 */
class KubectlCreateBodiesTest {

  static Stream<Arguments> kubectlCreates() {
    return Stream.of(
        Arguments.of("create deployment web --image=nginx --replicas=2",
            "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EqsBCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEnoIAhIMCgoKA2FwcBID"
                + "d2ViGmAKHAoAEgAaACIAKgAyADgAQgBaCgoDYXBwEgN3ZWISQBIiCgVuZ2lueBIFbmdpbngqAEIAagByAIABAIgBAJABAKIBABoA"
                + "MgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==",
            """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},
                     "strategy":{}},
             "status":{}}"""),
        Arguments.of("create deployment zero --image=nginx --replicas=0 --port=8080",
            "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCiEKBHplcm8SABoAIgAqADIAOABCAFoLCgNhcHASBHplcm8SiQEIABINCgsKA2Fw"
                + "cBIEemVybxpuCh0KABIAGgAiACoAMgA4AEIAWgsKA2FwcBIEemVybxJNEi8KBW5naW54EgVuZ2lueCoAMgsKABAAGJA/IgAqAEIA"
                + "agByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==",
            """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"zero","labels":{"app":"zero"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"zero"}},
                     "template":{"metadata":{"labels":{"app":"zero"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx",
                                                        "ports":[{"containerPort":8080}],"resources":{}}]}},
                     "strategy":{}},
             "status":{}}"""),
        Arguments.of("create namespace team-a",
            "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEh4KFgoGdGVhbS1hEgAaACIAKgAyADgAQgASABoCCgAaACIA",
            """
            {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a"},"spec":{},"status":{}}"""),
        Arguments.of("create configmap cfg --from-literal=a=1 --from-literal=b=two --from-file=blob=<bytes 'bin' 00 ff>",
            "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjYKEwoDY2ZnEgAaACIAKgAyADgAQgASBgoBYRIBMRIICgFiEgN0d28aDQoEYmxvYhIFYmluAP8a"
                + "ACIA",
            """
            {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cfg"},
             "data":{"a":"1","b":"two"},"binaryData":{"blob":"YmluAP8="}}"""),
        Arguments.of("create secret generic s1 --from-literal=password=hunter2 --type=Opaque",
            "azhzAAoMCgJ2MRIGU2VjcmV0EjEKEgoCczESABoAIgAqADIAOABCABITCghwYXNzd29yZBIHaHVudGVyMhoGT3BhcXVlGgAiAA==",
            """
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1"},
             "data":{"password":"aHVudGVyMg=="},"type":"Opaque"}"""),
        Arguments.of("create service clusterip web --tcp=80:8080 --tcp=443:https",
            "azhzAAoNCgJ2MRIHU2VydmljZRKNAQofCgN3ZWISABoAIgAqADIAOABCAFoKCgNhcHASA3dlYhJmChsKBzgwLTgwODASA1RDUBhQIgcI"
                + "ABCQPxoAKAAKIgoJNDQzLWh0dHBzEgNUQ1AYuwMiCwgBEAAaBWh0dHBzKAASCgoDYXBwEgN3ZWIaACIJQ2x1c3RlcklQOgBCAFIA"
                + "WgBgAGgAGgIKABoAIgA=",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},
                              {"name":"443-https","protocol":"TCP","port":443,"targetPort":"https"}],
                     "selector":{"app":"web"},"type":"ClusterIP"},
             "status":{"loadBalancer":{}}}"""),
        Arguments.of("create service nodeport np --tcp=80:8080 --node-port=30080",
            "azhzAAoNCgJ2MRIHU2VydmljZRJnCh0KAm5wEgAaACIAKgAyADgAQgBaCQoDYXBwEgJucBJCCh0KBzgwLTgwODASA1RDUBhQIgcIABCQ"
                + "PxoAKIDrARIJCgNhcHASAm5wGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"np","labels":{"app":"np"}},
             "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}],
                     "selector":{"app":"np"},"type":"NodePort"},
             "status":{"loadBalancer":{}}}"""),
        Arguments.of("create serviceaccount robot",
            "azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFwoVCgVyb2JvdBIAGgAiACoAMgA4AEIAGgAiAA==",
            """
            {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"robot"}}"""));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("kubectlCreates")
  void decodesWhatKubectlSentIntoTheJsonKubectlWouldHaveSent(String command, String body, String json)
      throws Exception {
    JsonNode decoded = ProtobufBodies.decode(Base64.getDecoder().decode(body));

    assertEquals(Json.MAPPER.readTree(json), decoded);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("kubectlCreates")
  void putsKindAndApiVersionFirstAndNeverEmitsAnEmptyCreationTimestamp(String command, String body, String json) {
    JsonNode decoded = ProtobufBodies.decode(Base64.getDecoder().decode(body));

    assertEquals("kind", decoded.fieldNames().next());
    assertFalse(decoded.path("metadata").has("creationTimestamp"));
    assertFalse(decoded.path("spec").path("template").path("metadata").has("creationTimestamp"));
  }
}
