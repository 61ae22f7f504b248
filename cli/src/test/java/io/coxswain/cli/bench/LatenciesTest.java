package io.coxswain.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  private static final long MS = 1_000_000;

  @Test
  void percentilesFollowTheNearestRankAcrossClientLoops() {
    long[] first = new long[50];
    long[] second = new long[50];
    for (int i = 0; i < 50; i++) {
      first[i] = (2L * i + 1) * MS;   // 1, 3, 5 ... 99 ms
      second[i] = (2L * i + 2) * MS;  // 2, 4, 6 ... 100 ms
    }
    Latencies all = Latencies.of(first, second);
    assertEquals(100, all.count());
    assertEquals(50.0, all.percentileMillis(0.50));
    assertEquals(90.0, all.percentileMillis(0.90));
    assertEquals(99.0, all.percentileMillis(0.99));
    assertEquals(100.0, all.maxMillis());
  }

  @Test
  void recorderGrowsPastItsFirstCapacity() {
    Latencies.Recorder recorder = new Latencies.Recorder();
    for (int i = 0; i < 5000; i++) recorder.record(i);
    assertEquals(5000, recorder.values().length);
    assertEquals(4999, recorder.values()[4999]);
  }

  @Test
  void podManifestIsAPodNamedAfterItsIndex() throws Exception {
    var pod = new ObjectMapper().readTree(BenchClient.podManifest(42));
    assertEquals("Pod", pod.path("kind").asText());
    assertEquals("bench-42", pod.path("metadata").path("name").asText());
    assertEquals("nginx:1.27", pod.path("spec").path("containers").path(0).path("image").asText());
    assertEquals("64Mi", pod.path("spec").path("containers").path(0).path("resources").path("requests").path("memory").asText());
  }
}
