package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Rules for coordination.k8s.io/v1 Lease. */
public final class LeaseStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true,
          List.of(), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec == null) return causes;
    f.string(spec, "spec", "holderIdentity");
    Long duration = f.int32(spec, "spec", "leaseDurationSeconds");
    // A lease that lasts no time could never be held.
    if (duration != null && duration <= 0) {
      f.add(Cause.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
    }
    f.nonNegativeInt32(spec, "spec", "leaseTransitions");
    for (String time : List.of("acquireTime", "renewTime")) {
      String value = f.string(spec, "spec", time);
      if (value != null && !value.isEmpty() && !isRfc3339(value)) {
        f.add(Cause.invalid("spec." + time, value, "must be an RFC 3339 time, e.g. 2006-01-02T15:04:05.000000Z"));
      }
    }
    f.string(spec, "spec", "preferredHolder");
    f.string(spec, "spec", "strategy");
    return causes;
  }

  private static boolean isRfc3339(String value) {
    try {
      OffsetDateTime.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
