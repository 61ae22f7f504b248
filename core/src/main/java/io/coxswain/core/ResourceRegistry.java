package io.coxswain.core;

import io.coxswain.core.kinds.*;
import io.coxswain.core.table.*;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind the server serves. Adding a kind is adding its strategy and printer and one line here.
 */
public final class ResourceRegistry {
  private static final ResourceRegistry STANDARD =
      new ResourceRegistry(
          List.of(
              new RegisteredKind(NamespaceStrategy.TYPE, new NamespaceStrategy(), new NamespaceTablePrinter()),
              new RegisteredKind(PodStrategy.TYPE, new PodStrategy(), new PodTablePrinter()),
              new RegisteredKind(NodeStrategy.TYPE, new NodeStrategy(), new NodeTablePrinter()),
              new RegisteredKind(ServiceStrategy.TYPE, new ServiceStrategy(), new ServiceTablePrinter()),
              new RegisteredKind(EndpointsStrategy.TYPE, new EndpointsStrategy(), new EndpointsTablePrinter()),
              new RegisteredKind(ConfigMapStrategy.TYPE, new ConfigMapStrategy(), new ConfigMapTablePrinter()),
              new RegisteredKind(SecretStrategy.TYPE, new SecretStrategy(), new SecretTablePrinter()),
              new RegisteredKind(EventStrategy.TYPE, new EventStrategy(), new EventTablePrinter()),
              new RegisteredKind(ServiceAccountStrategy.TYPE, new ServiceAccountStrategy(), new ServiceAccountTablePrinter()),
              new RegisteredKind(ReplicaSetStrategy.TYPE, new ReplicaSetStrategy(), new ReplicaSetTablePrinter()),
              new RegisteredKind(DeploymentStrategy.TYPE, new DeploymentStrategy(), new DeploymentTablePrinter()),
              new RegisteredKind(EndpointSliceStrategy.TYPE, new EndpointSliceStrategy(), new EndpointSliceTablePrinter()),
              new RegisteredKind(LeaseStrategy.TYPE, new LeaseStrategy(), new LeaseTablePrinter()),
              new RegisteredKind(IPAddressStrategy.TYPE, new IPAddressStrategy(), AllocationTablePrinter.ipAddresses()),
              new RegisteredKind(NodePortAllocationStrategy.TYPE, new NodePortAllocationStrategy(), AllocationTablePrinter.nodePorts())
));

  private final List<RegisteredKind> kinds;
  private final Map<String, RegisteredKind> byGroupPlural = new HashMap<>();
  private final Map<String, RegisteredKind> byGroupKind = new HashMap<>();

  public ResourceRegistry(List<RegisteredKind> kinds) {
    this.kinds = List.copyOf(kinds);
    for (RegisteredKind k : kinds) {
      byGroupPlural.put(k.type().group() + "/" + k.type().plural(), k);
      byGroupKind.put(k.type().group() + "/" + k.type().kind(), k);
    }
  }

  public static ResourceRegistry standard() {
    return STANDARD;
  }

  public List<RegisteredKind> kinds() {
    return kinds;
  }

  /** The kind served at /api(s)/{group}/{version}/{plural}; the group is "" for core. */
  public Optional<RegisteredKind> byResource(String group, String version, String plural) {
    RegisteredKind k = byGroupPlural.get(group + "/" + plural);
    return k != null && k.type().version().equals(version) ? Optional.of(k) : Optional.empty();
  }

  public Optional<RegisteredKind> byKind(String group, String kind) {
    return Optional.ofNullable(byGroupKind.get(group + "/" + kind));
  }

  /** Distinct group/versions served, core first. */
  public List<String> groupVersions() {
    return kinds.stream().map(k -> k.type().apiVersion()).distinct().toList();
  }
}
