package io.coxswain.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSpecTest {

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  @Test
  void readsEveryTimingField() throws Exception {
    JsonNode c = json("{'livenessProbe':{'exec':{'command':['cat','/ok']},'initialDelaySeconds':5,'periodSeconds':7,"
        + "'timeoutSeconds':2,'successThreshold':1,'failureThreshold':4,'terminationGracePeriodSeconds':3}}");
    ProbeSpec p = ProbeSpec.of(c, ProbeType.LIVENESS).orElseThrow();
    assertEquals(new Handler.Exec(List.of("cat", "/ok")), p.handler());
    assertEquals(Duration.ofSeconds(5), p.initialDelay());
    assertEquals(Duration.ofSeconds(7), p.period());
    assertEquals(Duration.ofSeconds(2), p.timeout());
    assertEquals(1, p.successThreshold());
    assertEquals(4, p.failureThreshold());
    assertEquals(Duration.ofSeconds(3), p.terminationGracePeriod());
  }

  @Test
  void appliesKubernetesDefaultsToAnUndefaultedProbe() throws Exception {
    ProbeSpec p = ProbeSpec.of(json("{'readinessProbe':{'tcpSocket':{'port':'http'}}}"), ProbeType.READINESS).orElseThrow();
    assertEquals(new Handler.TcpSocket("", "http"), p.handler());
    assertEquals(Duration.ZERO, p.initialDelay());
    assertEquals(Duration.ofSeconds(10), p.period());
    assertEquals(Duration.ofSeconds(1), p.timeout());
    assertEquals(3, p.failureThreshold());
    assertNull(p.terminationGracePeriod());
  }

  @Test
  void readsHttpGetWithHeadersAndNumericPort() throws Exception {
    JsonNode c = json("{'startupProbe':{'httpGet':{'path':'/healthz','port':8080,'scheme':'HTTPS',"
        + "'httpHeaders':[{'name':'X-Probe','value':'1'}]}}}");
    Handler.HttpGet h = assertInstanceOf(Handler.HttpGet.class, ProbeSpec.of(c, ProbeType.STARTUP).orElseThrow().handler());
    assertEquals("8080", h.port());
    assertEquals("HTTPS", h.scheme());
    assertEquals("/healthz", h.path());
    assertEquals(List.of(new Handler.Header("X-Probe", "1")), h.headers());
  }

  @Test
  void absentProbeIsEmpty() throws Exception {
    assertTrue(ProbeSpec.of(json("{'name':'web'}"), ProbeType.LIVENESS).isEmpty());
  }

  @Test
  void namedPortResolvesAgainstTheContainer() throws Exception {
    ProbeTarget t = new ProbeTarget(null, "id", "10.0.0.1", json("{'name':'web','ports':[{'name':'http','containerPort':8080}]}"));
    assertEquals(8080, t.resolvePort("http"));
    assertEquals(9090, t.resolvePort("9090"));
  }
}
