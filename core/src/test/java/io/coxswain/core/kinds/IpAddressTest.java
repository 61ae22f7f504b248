package io.coxswain.core.kinds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void acceptsIpv4AndIpv6Literals() {
    for (String ip : new String[] {"10.96.0.1", "0.0.0.0", "::", "::1", "fd00::5", "2001:db8::ffff", "::ffff:10.0.0.1",
        "1:2:3:4:5:6:7:8"}) {
      assertTrue(IpAddress.isIp(ip), ip);
    }
  }

  @Test
  void refusesHostNamesAndMalformedAddresses() {
    for (String ip : new String[] {"localhost", "10.0.0", "10.0.0.256", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "", "10.0.0.1/8"}) {
      assertFalse(IpAddress.isIp(ip), ip);
    }
  }

  @Test
  void checksCidrPrefixLength() {
    assertTrue(IpAddress.isCidr("10.244.0.0/16"));
    assertTrue(IpAddress.isCidr("fd00::/64"));
    assertFalse(IpAddress.isCidr("10.244.0.0/33"));
    assertFalse(IpAddress.isCidr("10.244.0.0"));
  }
}
