package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodHostsFileTest {
  private static final String HEADER = """
      # Kubernetes-managed hosts file.
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      fe00::0\tip6-mcastprefix
      fe00::1\tip6-allnodes
      fe00::2\tip6-allrouters
      """;

  @Test
  void namesThePodsAddressAndItsAliases() {
    String hosts = PodHostsFile.managed(pod("""
        hostAliases:
        - {ip: 10.1.2.3, hostnames: [foo.local, bar.local]}
        containers: [{name: app}]
        """), List.of("10.244.1.7"), "cluster.local");
    assertEquals(HEADER + "10.244.1.7\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n", hosts);
  }

  @Test
  void aSubdomainGivesTheFullyQualifiedName() {
    String hosts = PodHostsFile.managed(pod("hostname: db-0\nsubdomain: db\ncontainers: [{name: app}]"), List.of("10.244.1.8"), "cluster.local");
    assertEquals(HEADER + "10.244.1.8\tdb-0.db.default.svc.cluster.local\tdb-0\n", hosts);
  }

  @Test
  void hostNetworkPodsGetTheNodesFile() {
    assertEquals("# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost node-1\n",
        PodHostsFile.hostNetwork(pod("hostNetwork: true\ncontainers: [{name: app}]"), "127.0.0.1 localhost node-1\n"));
  }
}
