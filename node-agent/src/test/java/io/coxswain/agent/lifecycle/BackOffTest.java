package io.coxswain.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackOffTest {
  private final BackOff kubernetes = BackOff.of(PodWorkerContext.Settings.kubernetesDefaults());

  @Test
  void doublesFromTenSecondsUpToFiveMinutes() {
    List<Duration> delays = IntStream.rangeClosed(1, 8).mapToObj(kubernetes::delay).toList();
    assertEquals(List.of(10, 20, 40, 80, 160, 300, 300, 300),
        delays.stream().map(d -> (int) d.toSeconds()).toList());
  }

  @Test
  void manyRestartsStayAtTheCap() {
    assertEquals(Duration.ofMinutes(5), kubernetes.delay(10_000));
  }

  @Test
  void countsConsecutiveRestartsAndStartsOverAfterALongRun() {
    assertEquals(1, kubernetes.nextStep(0, Duration.ofSeconds(1)));
    assertEquals(4, kubernetes.nextStep(3, Duration.ofSeconds(30)));
    assertEquals(1, kubernetes.nextStep(7, Duration.ofMinutes(10)));
    assertEquals(6, kubernetes.nextStep(5, null));
  }

  @Test
  void shortSettingsScaleTheSameWay() {
    BackOff fast = new BackOff(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(1));
    assertEquals(List.of(50L, 100L, 200L, 300L), IntStream.rangeClosed(1, 4).mapToObj(fast::delay).map(Duration::toMillis).toList());
  }
}
