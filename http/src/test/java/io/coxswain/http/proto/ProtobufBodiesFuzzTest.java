package io.coxswain.http.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.coxswain.core.StatusException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** Whatever bytes arrive, the answer is an object or a 400, never another exception. */
class ProtobufBodiesFuzzTest {
  private static final int ROUNDS = 20_000;

  @Test
  void mutatedBodiesDecodeOrAreRejectedWithBadRequest() {
    List<byte[]> seeds = new ArrayList<>();
    KubectlCreateBodiesTest.kubectlCreates()
        .map(Arguments::get)
        .forEach(args -> seeds.add(Base64.getDecoder().decode((String) args[1])));
    Random random = new Random(20240102L);
    int rejected = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] body = mutate(seed, random);
      try {
        ProtobufBodies.decode(body);
      } catch (StatusException e) {
        assertEquals(400, e.code(), "round " + round);
        assertFalse(e.getMessage().isBlank(), "round " + round);
        rejected++;
      } catch (Throwable t) {
        fail("round " + round + " threw " + t + " for " + Base64.getEncoder().encodeToString(body), t);
      }
    }
    // The mutations must actually reach the error paths, or this test proves nothing.
    assertFalse(rejected < ROUNDS / 10, "only " + rejected + " of " + ROUNDS + " mutated bodies were rejected");
  }

  @Test
  void randomBytesAfterThePrefixAreRejectedOrDecoded() {
    Random random = new Random(7L);
    for (int round = 0; round < 5_000; round++) {
      byte[] body = new byte[4 + random.nextInt(64)];
      random.nextBytes(body);
      body[0] = 'k';
      body[1] = '8';
      body[2] = 's';
      body[3] = 0;
      try {
        ProtobufBodies.decode(body);
      } catch (StatusException e) {
        assertEquals(400, e.code());
      } catch (Throwable t) {
        fail("round " + round + " threw " + t + " for " + Base64.getEncoder().encodeToString(body), t);
      }
    }
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] body = seed.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          body[4 + random.nextInt(body.length - 4)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> body[4 + random.nextInt(body.length - 4)] = (byte) random.nextInt(256);
      case 2 -> body = Arrays.copyOf(body, 4 + random.nextInt(body.length - 4));
      default -> {
        int at = 4 + random.nextInt(body.length - 4);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        byte[] longer = new byte[body.length + inserted.length];
        System.arraycopy(body, 0, longer, 0, at);
        System.arraycopy(inserted, 0, longer, at, inserted.length);
        System.arraycopy(body, at, longer, at + inserted.length, body.length - at);
        body = longer;
      }
    }
    return body;
  }
}
