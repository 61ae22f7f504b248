package io.coxswain.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {
  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void parsesLabels() {
    assertEquals(Map.of("disk", "ssd", "topology.kubernetes.io/zone", "z1", "empty", ""),
        NodeLabels.parse("disk=ssd, topology.kubernetes.io/zone=z1,empty="));
    assertEquals(Map.of(), NodeLabels.parse(""));
  }

  @Test
  void rejectsBadLabelsWithKubernetesMessages() {
    assertEquals("invalid label \"disk\": expected key=value", error(() -> NodeLabels.parse("disk")));
    assertTrue(error(() -> NodeLabels.parse("-bad=x")).startsWith("invalid label key \"-bad\": name part must consist of"));
    assertTrue(error(() -> NodeLabels.parse("k=has space")).startsWith("invalid label value \"has space\" for key \"k\": a valid label must be"));
    assertEquals("duplicate label key \"a\"", error(() -> NodeLabels.parse("a=1,a=2")));
  }

  @Test
  void parsesTaintsAndRejectsBadEffect() {
    assertEquals(List.of(new Taint("dedicated", "gpu", "NoSchedule"), new Taint("spot", "", "PreferNoSchedule")),
        Taint.parseList("dedicated=gpu:NoSchedule,spot:PreferNoSchedule"));
    assertEquals("invalid taint effect: NoRun, unsupported taint effect (use NoSchedule, PreferNoSchedule, NoExecute)",
        error(() -> Taint.parseList("a=b:NoRun")));
  }

  @Test
  void rejectsMalformedTaints() {
    assertTrue(error(() -> Taint.parse("dedicated=gpu")).startsWith("invalid taint spec: dedicated=gpu, an effect is required"));
    assertEquals("invalid taint spec: a=b=c:NoSchedule", error(() -> Taint.parse("a=b=c:NoSchedule")));
    assertEquals("invalid taint spec: a:b:NoSchedule", error(() -> Taint.parse("a:b:NoSchedule")));
    assertTrue(error(() -> Taint.parse("bad key:NoSchedule")).startsWith("invalid taint spec: bad key:NoSchedule, name part"));
    assertTrue(error(() -> Taint.parse("k=bad value:NoSchedule")).startsWith("invalid taint spec: k=bad value:NoSchedule, a valid label"));
    assertEquals("duplicate taint a:NoSchedule: a node has at most one taint per key and effect",
        error(() -> Taint.parseList("a=1:NoSchedule,a=2:NoSchedule")));
  }

  @Test
  void parsesReservationsAndDefaultsToNone() {
    Reservation r = Reservation.parse("cpu=500m,memory=1Gi").plus(Reservation.parse("ephemeral-storage=1Mi"));
    assertEquals(0, new BigDecimal("0.5").compareTo(r.cpu()));
    assertEquals(0, BigDecimal.valueOf(1L << 30).compareTo(r.memory()));
    assertEquals(0, BigDecimal.valueOf(1L << 20).compareTo(r.ephemeralStorage()));
    assertEquals(0, Reservation.parse("").cpu().signum());
    assertTrue(error(() -> Reservation.parse("gpu=1")).startsWith("cannot reserve \"gpu\""));
    assertTrue(error(() -> Reservation.parse("memory=lots")).startsWith("invalid quantity \"lots\" for memory"));
  }

  @Test
  void rejectsBadNodeNameAndPodCidr() {
    assertTrue(error(() -> NodeSettings.of("Node_1", "process", "0.1")).startsWith("invalid node name \"Node_1\""));
    assertTrue(error(() -> NodeSettings.of("n1", "process", "0.1").withPodCIDR("10.0.0.0/33"))
        .startsWith("invalid pod CIDR \"10.0.0.0/33\""));
    assertEquals(110, NodeSettings.of("n1", "process", "0.1").maxPods());
  }
}
