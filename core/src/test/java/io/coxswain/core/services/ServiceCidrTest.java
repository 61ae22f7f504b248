package io.coxswain.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceCidrTest {
  private final ServiceCidr kubeadm = ServiceCidr.parse("10.96.0.0/12");

  @Test
  void numbersTheUsableAddressesFromTheFirstAfterTheNetworkAddress() {
    assertEquals("10.96.0.1", kubeadm.nth(1));
    assertEquals("10.96.0.10", kubeadm.nth(10));
    assertEquals((1L << 20) - 2, kubeadm.size());
    assertEquals("10.111.255.254", kubeadm.name(kubeadm.size() - 1));
    assertEquals(9, kubeadm.offset("10.96.0.10"));
  }

  @Test
  void leavesOutTheNetworkAndBroadcastAddressesAndEverythingOutside() {
    assertFalse(kubeadm.contains("10.96.0.0"));
    assertFalse(kubeadm.contains("10.111.255.255"));
    assertFalse(kubeadm.contains("10.112.0.1"));
    assertFalse(kubeadm.contains("192.168.0.1"));
    assertFalse(kubeadm.contains("fd00::1"));
    assertFalse(kubeadm.contains("not-an-ip"));
    assertTrue(kubeadm.contains("10.100.7.3"));
  }

  @Test
  void acceptsOnlyTheCanonicalSpellingOfAnAddress() {
    // "10.96.0.010" would be a second allocation object for the same address.
    assertFalse(kubeadm.contains("10.96.0.010"));
  }

  @Test
  void keepsTheLowBandForRequestedAddressesAsKubernetesDoes() {
    assertEquals(256, kubeadm.dynamicStart());
    assertEquals(16, ServiceCidr.parse("10.0.0.0/24").dynamicStart());
    assertEquals(0, ServiceCidr.parse("10.0.0.0/28").dynamicStart());
  }

  @Test
  void masksHostBitsAndRefusesWhatIsNoIPv4Range() {
    assertEquals("10.96.0.0/12", ServiceCidr.parse("10.100.1.1/12").describe());
    assertThrows(IllegalArgumentException.class, () -> ServiceCidr.parse("fd00::/108"));
    assertThrows(IllegalArgumentException.class, () -> ServiceCidr.parse("10.96.0.0"));
    assertThrows(IllegalArgumentException.class, () -> ServiceCidr.parse("10.96.0.0/31"));
  }
}
