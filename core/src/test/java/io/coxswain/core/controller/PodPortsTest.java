package io.coxswain.core.controller;

import static io.coxswain.core.controller.EndpointFixtures.pod;
import static io.coxswain.core.controller.EndpointFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PodPortsTest {
  @Test
  void numericTargetPortIsTakenAsIs() {
    assertEquals(9090, PodPorts.find(pod("a", "10.0.0.1", true, 0), yaml("{port: 80, targetPort: 9090}")));
  }

  @Test
  void namedTargetPortIsLookedUpInTheContainers() {
    assertEquals(8080, PodPorts.find(pod("a", "10.0.0.1", true, 8080), yaml("{port: 80, targetPort: web}")));
  }

  @Test
  void aPodWithoutTheNamedPortHasNone() {
    assertNull(PodPorts.find(pod("a", "10.0.0.1", true, 0), yaml("{port: 80, targetPort: web}")));
  }

  @Test
  void theNamedPortMustHaveTheServicePortsProtocol() {
    assertNull(PodPorts.find(pod("a", "10.0.0.1", true, 8080), yaml("{port: 53, targetPort: web, protocol: UDP}")));
  }

  @Test
  void anUnsetTargetPortMeansThePort() {
    assertEquals(80, PodPorts.find(pod("a", "10.0.0.1", true, 0), yaml("{port: 80}")));
  }
}
