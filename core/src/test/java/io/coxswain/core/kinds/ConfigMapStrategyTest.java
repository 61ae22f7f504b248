package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigMapStrategyTest {
  private final ConfigMapStrategy strategy = new ConfigMapStrategy();

  private ObjectNode configMap(String body) {
    ObjectNode cm = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default}
        """ + body);
    strategy.applyDefaults(cm);
    return cm;
  }

  @Test
  void addsNoDefaults() {
    ObjectNode cm = configMap("data: {a: b}\n");
    assertEquals(yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default}
        data: {a: b}
        """), cm);
  }

  @Test
  void acceptsValidKeys() {
    assertEquals(List.of(), fields(strategy.validate(configMap("""
        data: {app.properties: x, KEY_NAME: y, key-name: z}
        binaryData: {logo.png: aGVsbG8=}
        """))));
  }

  @Test
  void rejectsKeyThatCannotBeAFileName() {
    List<Cause> causes = strategy.validate(configMap("data: {'a/b': x, '..x': y}\n"));
    assertEquals(List.of("data[a/b]", "data[..x]"), fields(causes));
    assertTrue(causes.get(0).message().contains("a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    assertTrue(causes.get(1).message().endsWith("must not start with '..'"));
  }

  @Test
  void rejectsKeyInBothDataAndBinaryData() {
    List<Cause> causes = strategy.validate(configMap("data: {a: x}\nbinaryData: {a: eA==}\n"));
    assertEquals(List.of("data[a]"), fields(causes));
    assertTrue(causes.get(0).message().endsWith("duplicate of key present in binaryData"));
  }

  @Test
  void rejectsBinaryDataThatIsNotBase64() {
    assertEquals(List.of("binaryData[a]"), fields(strategy.validate(configMap("binaryData: {a: 'not base64!'}\n"))));
  }

  @Test
  void rejectsDataOverOneMebibyte() {
    ObjectNode cm = configMap("");
    cm.putObject("data").put("big", "x".repeat(ConfigData.MAX_SIZE + 1));
    assertEquals(List.of(""), fields(strategy.validate(cm)));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("data[n]", "binaryData", "immutable"),
        fields(strategy.validate(configMap("data: {n: 1}\nbinaryData: [x]\nimmutable: 'yes'\n"))));
  }

  @Test
  void forbidsChangingDataOfAnImmutableConfigMap() {
    ObjectNode stored = configMap("data: {a: b}\nimmutable: true\n");
    ObjectNode changed = stored.deepCopy();
    changed.withObject("/data").put("a", "c");
    assertEquals(List.of("data"), fields(strategy.validateUpdate(changed, stored)));
    ObjectNode unfrozen = stored.deepCopy();
    unfrozen.put("immutable", false);
    assertEquals(List.of("immutable"), fields(strategy.validateUpdate(unfrozen, stored)));
    ObjectNode relabelled = stored.deepCopy();
    relabelled.withObject("/metadata").putObject("labels").put("a", "b");
    assertEquals(List.of(), strategy.validateUpdate(relabelled, stored));
  }

  @Test
  void allowsChangingDataOfAMutableConfigMap() {
    ObjectNode stored = configMap("data: {a: b}\n");
    ObjectNode changed = stored.deepCopy();
    changed.withObject("/data").put("a", "c");
    assertEquals(List.of(), strategy.validateUpdate(changed, stored));
  }
}
