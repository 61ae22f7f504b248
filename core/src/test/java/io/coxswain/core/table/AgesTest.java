package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgesTest {
  private static String human(Duration d) {
    return Ages.human(d);
  }

  @Test
  void showsSecondsBelowTwoMinutes() {
    assertEquals("0s", human(Duration.ZERO));
    assertEquals("90s", human(Duration.ofSeconds(90)));
    assertEquals("119s", human(Duration.ofMillis(119_999)));
  }

  @Test
  void showsMinutesAndSecondsBelowTenMinutes() {
    assertEquals("2m", human(Duration.ofSeconds(120)));
    assertEquals("5m30s", human(Duration.ofSeconds(330)));
    assertEquals("9m59s", human(Duration.ofSeconds(599)));
  }

  @Test
  void showsWholeMinutesBelowThreeHours() {
    assertEquals("10m", human(Duration.ofSeconds(630)));
    assertEquals("179m", human(Duration.ofMinutes(179).plusSeconds(59)));
  }

  @Test
  void showsHoursAndMinutesBelowEightHours() {
    assertEquals("3h", human(Duration.ofHours(3)));
    assertEquals("5h30m", human(Duration.ofMinutes(330)));
    assertEquals("7h59m", human(Duration.ofMinutes(479)));
  }

  @Test
  void showsWholeHoursBelowTwoDays() {
    assertEquals("8h", human(Duration.ofHours(8).plusMinutes(30)));
    assertEquals("47h", human(Duration.ofHours(47).plusMinutes(59)));
  }

  @Test
  void showsDaysAndHoursBelowEightDays() {
    assertEquals("2d", human(Duration.ofHours(48)));
    assertEquals("3d4h", human(Duration.ofHours(76)));
    assertEquals("7d23h", human(Duration.ofHours(191)));
  }

  @Test
  void showsWholeDaysBelowTwoYears() {
    assertEquals("8d", human(Duration.ofDays(8).plusHours(5)));
    assertEquals("729d", human(Duration.ofDays(729)));
  }

  @Test
  void showsYearsAndDaysBelowEightYears() {
    assertEquals("2y", human(Duration.ofDays(730)));
    assertEquals("2y10d", human(Duration.ofDays(740)));
    assertEquals("7y364d", human(Duration.ofDays(365 * 8 - 1)));
  }

  @Test
  void showsWholeYearsFromEightYears() {
    assertEquals("8y", human(Duration.ofDays(365 * 8 + 100)));
    assertEquals("12y", human(Duration.ofDays(365 * 12 + 3)));
  }

  @Test
  void toleratesUpToOneSecondOfClockSkew() {
    assertEquals("0s", human(Duration.ofMillis(-1500)));
    assertEquals("0s", human(Duration.ofSeconds(-1)));
    assertEquals("<invalid>", human(Duration.ofSeconds(-2)));
  }

  @Test
  void ageIsUnknownWithoutOrWithUnparseableCreationTimestamp() {
    assertEquals("<unknown>", Ages.since(json("{}"), NOW));
    assertEquals("<unknown>",
        Ages.since(json("{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}"), NOW));
    assertEquals("<unknown>",
        Ages.since(json("{\"metadata\":{\"creationTimestamp\":42}}"), NOW));
  }

  @Test
  void ageCountsFromCreationTimestamp() {
    assertEquals("5m30s",
        Ages.since(json("{\"metadata\":{\"creationTimestamp\":\"2025-01-01T11:54:30Z\"}}"), NOW));
  }
}
