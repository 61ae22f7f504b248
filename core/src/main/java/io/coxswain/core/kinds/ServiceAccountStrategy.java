package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 ServiceAccount. */
public final class ServiceAccountStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true,
          List.of("sa"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    f.bool(obj, "", "automountServiceAccountToken");
    for (String list : List.of("secrets", "imagePullSecrets")) {
      ArrayNode refs = f.array(obj, "", list);
      for (int i = 0; refs != null && i < refs.size(); i++) {
        ObjectNode ref = f.objectAt(refs, list, i);
        if (ref != null) f.string(ref, index(list, i), "name");
      }
    }
    return causes;
  }
}
