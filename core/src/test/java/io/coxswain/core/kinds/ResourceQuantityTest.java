package io.coxswain.core.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ResourceQuantityTest {
  private static BigDecimal value(String q) {
    return ResourceQuantity.parse(q).orElseThrow();
  }

  @Test
  void readsDecimalAndBinarySuffixes() {
    assertEquals(0, value("500m").compareTo(new BigDecimal("0.5")));
    assertEquals(0, value("1Gi").compareTo(new BigDecimal(1024L * 1024 * 1024)));
    assertEquals(0, value("1.5k").compareTo(new BigDecimal(1500)));
    assertEquals(0, value("2").compareTo(new BigDecimal(2)));
  }

  @Test
  void readsExponentsAndSigns() {
    assertEquals(0, value("1e3").compareTo(new BigDecimal(1000)));
    assertEquals(0, value("-1E-3").compareTo(new BigDecimal("-0.001")));
    assertEquals(0, value(".5").compareTo(new BigDecimal("0.5")));
  }

  @Test
  void refusesWhatKubernetesRefuses() {
    for (String bad : new String[] {"", "lots", "1.2.3", "1Gb", "1 Gi", "Gi", "1e", "1e99999999999", "--1"}) {
      assertTrue(ResourceQuantity.parse(bad).isEmpty(), bad);
    }
  }
}
