package io.coxswain.http.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PodStreamTargetTest {

  private static JsonNode pod(String json) {
    try {
      return Json.MAPPER.readTree(json.replace('\'', '"'));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static final String TWO_CONTAINERS = """
      {'metadata':{'name':'web'},'spec':{'nodeName':'n1',
        'initContainers':[{'name':'init'}],'containers':[{'name':'a'},{'name':'b'}]},
       'status':{'containerStatuses':[
         {'name':'a','containerID':'proc://a1','state':{'running':{}},
          'lastState':{'terminated':{'exitCode':1,'containerID':'proc://a0'}}},
         {'name':'b','state':{'waiting':{'reason':'ContainerCreating'}}}],
        'initContainerStatuses':[{'name':'init','containerID':'proc://i0','state':{'terminated':{'exitCode':0}}}]}}
      """;

  private static String refusal(Runnable r) {
    StatusException e = assertThrows(StatusException.class, r::run);
    assertEquals(400, e.code());
    return e.getMessage();
  }

  @Test
  void aContainerNameIsNeededWhenThePodHasSeveral() {
    assertEquals("a container name must be specified for pod web, choose one of: [init a b]",
        refusal(() -> PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "", false)));
  }

  @Test
  void theOnlyContainerIsTheDefault() {
    JsonNode one = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'only'}]},"
        + "'status':{'containerStatuses':[{'name':'only','containerID':'x://1','state':{'running':{}}}]}}");
    PodStreamTarget t = PodStreamTarget.forLogs(one, null, false);
    assertEquals("only", t.container());
    assertEquals("x://1", t.containerId());
    assertEquals("n", t.nodeName());
  }

  @Test
  void anUnknownContainerIsNotValid() {
    assertEquals("container x is not valid for pod web", refusal(() -> PodStreamTarget.forExec(pod(TWO_CONTAINERS), "x")));
  }

  @Test
  void logsComeFromTheRunningAttemptOrThePreviousOne() {
    assertEquals("proc://a1", PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "a", false).containerId());
    assertEquals("proc://a0", PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "a", true).containerId());
    assertEquals("proc://i0", PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "init", false).containerId());
  }

  @Test
  void aContainerThatNeverRanHasNoLogsYet() {
    assertEquals("container \"b\" in pod \"web\" is waiting to start: ContainerCreating",
        refusal(() -> PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "b", false)));
    assertEquals("previous terminated container \"b\" in pod \"web\" not found",
        refusal(() -> PodStreamTarget.forLogs(pod(TWO_CONTAINERS), "b", true)));
  }

  @Test
  void aContainerWithoutStatusIsStillBeingCreated() {
    JsonNode fresh = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]}}");
    assertEquals("container \"c\" in pod \"p\" is waiting to start: ContainerCreating",
        refusal(() -> PodStreamTarget.forLogs(fresh, "c", false)));
  }

  @Test
  void imagePullFailuresAreExplained() {
    JsonNode pulling = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]},"
        + "'status':{'containerStatuses':[{'name':'c','state':{'waiting':{'reason':'ImagePullBackOff'}}}]}}");
    assertEquals("container \"c\" in pod \"p\" is waiting to start: trying and failing to pull image",
        refusal(() -> PodStreamTarget.forLogs(pulling, "c", false)));
  }

  @Test
  void aPodWithoutNodeHasNeitherLogsNorExec() {
    JsonNode unscheduled = pod("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c'}]}}");
    assertEquals("pod p is not running on a node yet: it has not been scheduled",
        refusal(() -> PodStreamTarget.forLogs(unscheduled, "c", false)));
    assertEquals("pod p is not running on a node yet: it has not been scheduled",
        refusal(() -> PodStreamTarget.forExec(unscheduled, "c")));
  }

  @Test
  void execNeedsARunningContainer() {
    assertEquals("proc://a1", PodStreamTarget.forExec(pod(TWO_CONTAINERS), "a").containerId());
    assertEquals("container \"b\" in pod \"web\" is waiting to start: ContainerCreating",
        refusal(() -> PodStreamTarget.forExec(pod(TWO_CONTAINERS), "b")));
    JsonNode done = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]},"
        + "'status':{'phase':'Succeeded'}}");
    assertEquals("cannot exec into a container in a completed pod; current phase is Succeeded",
        refusal(() -> PodStreamTarget.forExec(done, "c")));
  }

  @Test
  void aTerminatedContainerWithoutIdsHasNoLogs() {
    JsonNode gone = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]},"
        + "'status':{'containerStatuses':[{'name':'c','state':{'terminated':{'exitCode':0}}}]}}");
    assertEquals("container \"c\" in pod \"p\" is terminated", refusal(() -> PodStreamTarget.forLogs(gone, "c", false)));
    JsonNode kept = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]},"
        + "'status':{'containerStatuses':[{'name':'c','containerID':'k://9','state':{'terminated':{'exitCode':0}}}]}}");
    assertEquals("k://9", PodStreamTarget.forLogs(kept, "c", false).containerId());
  }

  @Test
  void aRunningContainerWithoutIdLeavesTheChoiceToTheAgent() {
    JsonNode noId = pod("{'metadata':{'name':'p'},'spec':{'nodeName':'n','containers':[{'name':'c'}]},"
        + "'status':{'containerStatuses':[{'name':'c','state':{'running':{}}}]}}");
    assertNull(PodStreamTarget.forExec(noId, "c").containerId());
    assertNull(PodStreamTarget.forLogs(noId, "c", false).containerId());
  }
}
