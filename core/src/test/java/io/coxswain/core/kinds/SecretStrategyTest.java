package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretStrategyTest {
  private final SecretStrategy strategy = new SecretStrategy();

  private ObjectNode secret(String body) {
    ObjectNode s = yaml("""
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: default}
        """ + body);
    strategy.applyDefaults(s);
    return s;
  }

  @Test
  void defaultsTypeOpaque() {
    assertEquals("Opaque", secret("data: {a: Yg==}\n").get("type").asText());
    assertEquals("kubernetes.io/tls", secret("type: kubernetes.io/tls\n").get("type").asText());
  }

  @Test
  void mergesStringDataIntoDataAsBase64() {
    ObjectNode s = secret("""
        data: {user: YWRtaW4=, password: b2xk}
        stringData: {password: "s3cr\u00e9t", token: abc}
        """);
    assertFalse(s.has("stringData"));
    assertEquals(yaml("{user: YWRtaW4=, password: czNjcsOpdA==, token: YWJj}"), s.get("data"));
    assertEquals(List.of(), strategy.validate(s));
  }

  @Test
  void leavesUnmergeableStringDataForValidationToReport() {
    ObjectNode s = secret("stringData: {password: 5}\n");
    assertTrue(s.has("stringData"));
    assertEquals(List.of("stringData[password]"), fields(strategy.validate(s)));
  }

  @Test
  void rejectsDataThatIsNotBase64WithoutEchoingIt() {
    List<Cause> causes = strategy.validate(secret("data: {password: 'hunter2!'}\n"));
    assertEquals(List.of("data[password]"), fields(causes));
    assertFalse(causes.get(0).message().contains("hunter2"));
  }

  @Test
  void rejectsUnpaddedBase64() {
    assertEquals(List.of("data[a]"), fields(strategy.validate(secret("data: {a: YWJjZA}\n"))));
  }

  @Test
  void rejectsInvalidKey() {
    assertEquals(List.of("data[a b]"), fields(strategy.validate(secret("data: {'a b': eA==}\n"))));
  }

  @Test
  void requiresTheKeysOfWellKnownTypes() {
    assertEquals(List.of("data[tls.crt]", "data[tls.key]"),
        fields(strategy.validate(secret("type: kubernetes.io/tls\n"))));
    assertEquals(List.of("data[.dockerconfigjson]"),
        fields(strategy.validate(secret("type: kubernetes.io/dockerconfigjson\n"))));
    assertEquals(List.of("data[.dockerconfigjson]"),
        fields(strategy.validate(secret("type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: bm90IGpzb24=}\n"))));
    assertEquals(List.of("metadata.annotations[kubernetes.io/service-account.name]"),
        fields(strategy.validate(secret("type: kubernetes.io/service-account-token\n"))));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    ObjectNode s = secret("data: [1]\nstringData: x\ntype: 3\n");
    assertEquals(List.of("data", "stringData", "type"), fields(strategy.validate(s)));
  }

  @Test
  void forbidsChangingTheType() {
    ObjectNode stored = secret("data: {a: Yg==}\n");
    ObjectNode updated = stored.deepCopy();
    updated.put("type", "kubernetes.io/basic-auth");
    assertEquals(List.of("type"), fields(strategy.validateUpdate(updated, stored)));
  }

  @Test
  void forbidsChangingDataOfAnImmutableSecret() {
    ObjectNode stored = secret("data: {a: Yg==}\nimmutable: true\n");
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/data").put("a", "Yw==");
    assertEquals(List.of("data"), fields(strategy.validateUpdate(updated, stored)));
  }

  @Test
  void exposesTypeForFieldSelectors() {
    assertEquals("Opaque", strategy.selectableFields(secret("")).get("type"));
  }
}
