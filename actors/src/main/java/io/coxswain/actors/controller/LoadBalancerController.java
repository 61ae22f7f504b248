package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.LoadBalancerIngress;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.ServiceAddresses;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service load balancer, as k3s ships one: a LoadBalancer Service's status lists the Ready
 * nodes' addresses as its ingress, because every node agent takes the Service's traffic on its node
 * ports; `kubectl get svc` shows them as EXTERNAL-IP. A node turning Ready or NotReady updates every
 * such Service. Services naming a loadBalancerClass belong to another implementation.
 */
public final class LoadBalancerController implements Reconciler {
  public static final String NAME = "service-lb-controller";
  public static final String USER = "system:serviceaccount:kube-system:service-controller";
  private static final Logger log = LoggerFactory.getLogger(LoadBalancerController.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer services;
  private final Informer nodes;
  private final ControllerWrites writes;

  public LoadBalancerController(Informers informers, ControllerWrites writes) {
    this.services = informers.get(ServiceStrategy.TYPE);
    this.nodes = informers.get(NodeStrategy.TYPE);
    this.writes = writes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Informer primary() {
    return services;
  }

  /** A node whose usable address changed concerns every LoadBalancer Service. */
  @Override
  public List<Watch> watches() {
    return List.of(new Watch(nodes, this::loadBalancersIfAddressChanged));
  }

  private Collection<String> loadBalancersIfAddressChanged(Informer.Event e) {
    String before = e.previous() == null ? null : LoadBalancerIngress.nodeAddress(e.previous());
    String after = e.current() == null ? null : LoadBalancerIngress.nodeAddress(e.current());
    if (Objects.equals(before, after)) return List.of();
    List<String> keys = new ArrayList<>();
    for (ObjectNode svc : services.list()) {
      if (LoadBalancerIngress.served(svc)) keys.add(Metadata.namespace(svc) + "/" + Metadata.name(svc));
    }
    return keys;
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode svc = services.get(key);
    if (svc == null) return done();
    JsonNode current = svc.path("status").path("loadBalancer").path("ingress");
    boolean served = LoadBalancerIngress.served(svc);
    // A loadBalancerClass names another implementation: its status is not ours to write.
    if (!served && "LoadBalancer".equals(ServiceAddresses.type(svc))) return done();
    ArrayNode desired = served ? LoadBalancerIngress.of(nodes.list()) : Json.MAPPER.createArrayNode();
    boolean same = desired.isEmpty() ? current.isMissingNode() || current.isNull() || current.isEmpty() : desired.equals(current);
    if (same) return done();
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode lb = patch.putObject("status").putObject("loadBalancer");
    if (desired.isEmpty()) lb.putNull("ingress");
    else lb.set("ingress", desired);
    log.info("service {} load balancer ingress: {}", key, desired);
    WriteBatch batch = new WriteBatch();
    batch.add(writes.patch(ServiceStrategy.TYPE, Metadata.namespace(svc), Metadata.name(svc), patch, Subresource.STATUS)
        .exceptionally(e -> {
          if (ControllerWrites.statusCode(e) == 404) return null;
          throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
        }));
    return batch.observedBy(services, OBSERVE_TIMEOUT).thenApply(v -> Outcome.done());
  }

  private static CompletionStage<Outcome> done() {
    return CompletableFuture.completedFuture(Outcome.done());
  }
}
