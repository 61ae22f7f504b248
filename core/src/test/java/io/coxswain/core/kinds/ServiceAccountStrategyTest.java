package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountStrategyTest {
  private final ServiceAccountStrategy strategy = new ServiceAccountStrategy();

  private ObjectNode account(String body) {
    ObjectNode sa = yaml("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: builder, namespace: ci}\n" + body);
    strategy.applyDefaults(sa);
    return sa;
  }

  @Test
  void addsNoDefaults() {
    assertEquals(yaml("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: builder, namespace: ci}\n"), account(""));
  }

  @Test
  void acceptsAValidServiceAccount() {
    assertEquals(List.of(), strategy.validate(account("imagePullSecrets: [{name: regcred}]\nautomountServiceAccountToken: false\n")));
  }

  @Test
  void rejectsNameThatIsNotASubdomain() {
    ObjectNode sa = yaml("metadata: {name: Builder, namespace: ci}");
    assertEquals(List.of("metadata.name"), fields(strategy.validate(sa)));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("automountServiceAccountToken", "secrets[0]", "imagePullSecrets"),
        fields(strategy.validate(account("automountServiceAccountToken: 1\nsecrets: [x]\nimagePullSecrets: {}\n"))));
  }
}
