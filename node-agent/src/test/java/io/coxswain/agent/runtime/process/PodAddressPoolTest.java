package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodAddressPoolTest {
  @TempDir Path dir;

  @Test
  void gatewayIsTheFirstAddressAndPodsGetTheNextFreeOnes() throws IOException {
    PodAddressPool pool = new PodAddressPool(dir, "10.244.7.0/24");
    assertEquals("10.244.7.1", pool.gateway());
    assertEquals("10.244.7.2", pool.allocate("a"));
    assertEquals("10.244.7.3", pool.allocate("b"));
    assertEquals("10.244.7.2", pool.allocate("a"), "a pod keeps its address");
  }

  @Test
  void releasedAddressIsHandedOutAgain() throws IOException {
    PodAddressPool pool = new PodAddressPool(dir, "10.244.7.0/24");
    pool.allocate("a");
    pool.allocate("b");
    pool.release("a");
    pool.release("a"); // idempotent
    assertEquals("10.244.7.2", pool.allocate("c"));
  }

  @Test
  void claimsPersistForTheNextPoolOnTheSameDirectory() throws IOException {
    new PodAddressPool(dir, "10.244.7.0/24").allocate("a");
    PodAddressPool restarted = new PodAddressPool(dir, "10.244.7.0/24");
    assertEquals("10.244.7.2", restarted.addressOf("a").orElseThrow());
    assertEquals("10.244.7.3", restarted.allocate("b"));
  }

  @Test
  void fullPoolRefusesAnotherPodButNeverHandsOutBroadcast() throws IOException {
    PodAddressPool pool = new PodAddressPool(dir, "10.244.7.0/30"); // .1 gateway, .2 pod, .3 broadcast
    assertEquals("10.244.7.2", pool.allocate("a"));
    assertThrows(IOException.class, () -> pool.allocate("b"));
  }

  @Test
  void cidrIsNormalisedToItsNetworkAndKnowsItsMembers() {
    PodAddressPool pool = new PodAddressPool(dir, "10.244.7.99/24");
    assertEquals("10.244.7.1", pool.gateway());
    assertTrue(pool.contains("10.244.7.200"));
    assertFalse(pool.contains("10.244.8.2"));
    assertThrows(IllegalArgumentException.class, () -> new PodAddressPool(dir, "10.244.7.0"));
    assertThrows(IllegalArgumentException.class, () -> new PodAddressPool(dir, "10.244.7.0/31"));
  }
}
