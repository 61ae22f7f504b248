package io.coxswain.actors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.coxswain.core.Json;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.ResourceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EventSerializationTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseResources("coxswain-serialization.conf")
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ObjectNode pod() {
    ObjectNode pod = Json.MAPPER.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", "web-1").put("namespace", "default").put("resourceVersion", "17");
    pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx")
        .putObject("resources").putObject("limits").put("cpu", "500m");
    return pod;
  }

  private static final Audit AUDIT = new Audit("alice", 1_700_000_000_000L, "req-9", "update");

  @Test
  void everyEventKindRoundTripsThroughTheConfiguredSerializer() {
    SerializationTestKit kit = new SerializationTestKit(testKit.system());
    for (ResourceEvent event : List.of(
        new ResourceEvent.ObjectCreated(pod(), 17, AUDIT),
        new ResourceEvent.ObjectUpdated(pod(), 18, AUDIT),
        new ResourceEvent.ObjectDeleted(pod(), 19, AUDIT))) {
      kit.verifySerialization(event, true);
    }
    kit.verifySerialization(new ResourceEntity.Present(pod(), 17), true);
    kit.verifySerialization(new ResourceEntity.Absent(19), true);
  }

  @Test
  void eventsAreStoredAsKubernetesJson() {
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    byte[] bytes = serialization.serialize(new ResourceEvent.ObjectUpdated(pod(), 18, AUDIT)).get();
    String json = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"kind\":\"Pod\""), json);
    assertTrue(json.contains("\"user\":\"alice\""), json);
    assertEquals("JacksonJsonSerializer",
        serialization.findSerializerFor(new ResourceEntity.Absent(1)).getClass().getSimpleName());
  }
}
