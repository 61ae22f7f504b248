package io.coxswain.actors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.coxswain.core.Cause;
import io.coxswain.core.StatusException;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Replies cross the cluster when a node agent writes: refusals must arrive intact, not time out. */
class RemoteReplySerializationTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseResources("coxswain-serialization.conf")
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void refusedWriteKeepsItsStatusAcrossSerialization() {
    StatusException refused = new StatusException(422, "Invalid", "Pod \"web\" is invalid: spec.nodeName: Forbidden",
        "web", "", "Pod", List.of(new Cause("FieldValueForbidden", "Forbidden", "spec.nodeName")));
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    StatusReply<Object> reply = StatusReply.error(refused);
    byte[] bytes = serialization.serialize(reply).get();
    var serializer = serialization.findSerializerFor(reply);
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, reply)).get();

    StatusReply<?> received = assertInstanceOf(StatusReply.class, back);
    StatusException e = assertInstanceOf(StatusException.class, received.getError());
    assertEquals(422, e.code());
    assertEquals("Invalid", e.reason());
    assertEquals(refused.getMessage(), e.getMessage());
    assertEquals("spec.nodeName", e.causes().get(0).field());
    assertEquals(refused.toStatus(), e.toStatus());
  }
}
