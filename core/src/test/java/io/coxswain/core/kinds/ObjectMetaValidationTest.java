package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.ObjectMetaValidation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
  private static List<Cause> configMap(String metadata) {
    return ObjectMetaValidation.validate(yaml("metadata: " + metadata), ConfigMapStrategy.TYPE);
  }

  @Test
  void acceptsCompleteMetadata() {
    assertEquals(List.of(), configMap("""
        {name: app.config, namespace: prod, labels: {app.kubernetes.io/name: web, tier: ''},
         annotations: {Example.com/Owner: Team-A}, finalizers: [example.com/cleanup],
         ownerReferences: [{apiVersion: v1, kind: Pod, name: web, uid: u-1, controller: true}]}"""));
  }

  @Test
  void requiresNameUnlessGenerateNameIsSet() {
    List<Cause> causes = configMap("{namespace: prod}");
    assertEquals(List.of("metadata.name"), fields(causes));
    assertEquals("Required value: name or generateName is required", causes.get(0).message());
    assertEquals(List.of(), configMap("{generateName: web-, namespace: prod}"));
  }

  @Test
  void rejectsGenerateNameThatCannotPrefixAName() {
    assertEquals(List.of("metadata.generateName"), configMap("{generateName: Web_, namespace: prod}").stream().map(Cause::field).toList());
  }

  @Test
  void usesKubernetesWordingForBadLabelNames() {
    ObjectNode ns = yaml("metadata: {name: Team_A}");
    List<Cause> causes = ObjectMetaValidation.validate(ns, NamespaceStrategy.TYPE, NameFormat.DNS1123_LABEL);
    assertEquals(List.of("metadata.name"), fields(causes));
    assertEquals("Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
        + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
        + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", causes.get(0).message());
  }

  @Test
  void rejectsSubdomainNameOverTheLengthLimit() {
    List<Cause> causes = configMap("{name: " + "a".repeat(254) + ", namespace: prod}");
    assertEquals(List.of("metadata.name"), fields(causes));
    assertTrue(causes.get(0).message().endsWith("must be no more than 253 characters"));
  }

  @Test
  void rejectsLabelKeysWithBadPrefixOrLongName() {
    List<Cause> causes = configMap("{name: a, namespace: prod, labels: {'Example.com/x': a, 'x/y/z': b, " + "n".repeat(64) + ": c}}");
    assertEquals(List.of("metadata.labels", "metadata.labels", "metadata.labels"), fields(causes));
    assertTrue(causes.get(0).message().contains("prefix part a lowercase RFC 1123 subdomain"));
    assertTrue(causes.get(1).message().contains("a qualified name must consist of alphanumeric characters"));
    assertTrue(causes.get(2).message().endsWith("name part must be no more than 63 characters"));
  }

  @Test
  void rejectsLabelValuesThatAreLongOrMalformed() {
    assertEquals(List.of("metadata.labels", "metadata.labels"),
        fields(configMap("{name: a, namespace: prod, labels: {a: -x, b: " + "v".repeat(64) + "}}")));
  }

  @Test
  void rejectsAnnotationsOverTheSizeLimit() {
    ObjectNode obj = yaml("metadata: {name: a, namespace: prod}");
    obj.withObject("/metadata").putObject("annotations").put("big", "x".repeat(256 * 1024));
    List<Cause> causes = ObjectMetaValidation.validate(obj, ConfigMapStrategy.TYPE);
    assertEquals(List.of("metadata.annotations"), fields(causes));
    assertEquals("FieldValueTooLong", causes.get(0).reason());
  }

  @Test
  void requiresNamespaceOnNamespacedKinds() {
    assertEquals(List.of("metadata.namespace"), fields(configMap("{name: a}")));
  }

  @Test
  void forbidsNamespaceOnClusterScopedKinds() {
    List<Cause> causes = ObjectMetaValidation.validate(yaml("metadata: {name: n1, namespace: x}"), NodeStrategy.TYPE);
    assertEquals(List.of("metadata.namespace"), fields(causes));
    assertEquals("FieldValueForbidden", causes.get(0).reason());
  }

  @Test
  void rejectsIncompleteOwnerReferencesAndTwoControllers() {
    assertEquals(List.of("metadata.ownerReferences.uid"),
        fields(configMap("{name: a, namespace: p, ownerReferences: [{apiVersion: v1, kind: Pod, name: web}]}")));
    assertEquals(List.of("metadata.ownerReferences"), fields(configMap("""
        {name: a, namespace: p, ownerReferences: [
          {apiVersion: v1, kind: Pod, name: a, uid: '1', controller: true},
          {apiVersion: v1, kind: Pod, name: b, uid: '2', controller: true}]}""")));
  }

  @Test
  void rejectsMalformedOrConflictingFinalizers() {
    assertEquals(List.of("metadata.finalizers"), fields(configMap("{name: a, namespace: p, finalizers: ['bad finalizer']}")));
    assertEquals(List.of("metadata.finalizers"), fields(configMap("{name: a, namespace: p, finalizers: [orphan, foregroundDeletion]}")));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("metadata"), fields(ObjectMetaValidation.validate(yaml("metadata: [a]"), ConfigMapStrategy.TYPE)));
    assertEquals(List.of("metadata.name", "metadata.labels[a]", "metadata.annotations", "metadata.finalizers"),
        fields(configMap("{name: 5, namespace: p, labels: {a: 1}, annotations: x, finalizers: x}")));
  }
}
