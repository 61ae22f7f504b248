package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.pod;
import static io.coxswain.agent.pod.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.dns.ResolvConf;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDnsConfigTest {
  static final ResolvConf NODE = ResolvConf.parse("""
      # written by the node's network manager
      nameserver 192.168.1.1
      nameserver 192.168.1.2
      search corp.example lab.example.
      options timeout:2 rotate
      """);

  private static String resolvConf(String spec) {
    return PodDnsConfig.of(pod(spec), "10.96.0.10", "cluster.local", NODE).render();
  }

  @Test
  void clusterFirstIsTheDefaultAndNamesTheClusterDnsOnly() {
    assertEquals("""
        search default.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
        nameserver 10.96.0.10
        options ndots:5
        """, resolvConf("containers: [{name: app}]"));
    ObjectNode other = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {dnsPolicy: ClusterFirst, containers: [{name: a}]}");
    assertEquals(List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example"),
        PodDnsConfig.of(other, "10.96.0.10", "cluster.local", NODE).searches());
  }

  @Test
  void defaultGivesTheNodesResolvConf() {
    assertEquals("""
        search corp.example lab.example
        nameserver 192.168.1.1
        nameserver 192.168.1.2
        options timeout:2 rotate
        """, resolvConf("dnsPolicy: Default\ncontainers: [{name: app}]"));
  }

  @Test
  void hostNetworkPodsUseTheNodesResolversUnlessClusterFirstWithHostNet() {
    assertEquals(List.of("192.168.1.1", "192.168.1.2"),
        PodDnsConfig.of(pod("hostNetwork: true\ncontainers: [{name: app}]"), "10.96.0.10", "cluster.local", NODE).nameservers());
    assertEquals(List.of("10.96.0.10"), PodDnsConfig.of(pod("hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\ncontainers: [{name: app}]"),
        "10.96.0.10", "cluster.local", NODE).nameservers());
    assertEquals(List.of("10.96.0.10"), PodDnsConfig.of(pod("dnsPolicy: ClusterFirstWithHostNet\ncontainers: [{name: app}]"),
        "10.96.0.10", "cluster.local", NODE).nameservers());
  }

  @Test
  void noneGivesOnlyTheDnsConfig() {
    assertEquals("""
        search my.example
        nameserver 1.1.1.1
        options ndots:2 edns0
        """, resolvConf("""
        dnsPolicy: None
        dnsConfig:
          nameservers: [1.1.1.1]
          searches: [my.example]
          options: [{name: ndots, value: "2"}, {name: edns0}]
        containers: [{name: app}]
        """));
  }

  @Test
  void dnsConfigIsMergedIntoClusterFirst() {
    ResolvConf conf = PodDnsConfig.of(pod("""
        dnsConfig:
          nameservers: [10.96.0.10, 8.8.8.8]
          searches: [svc.cluster.local, extra.example]
          options: [{name: ndots, value: "1"}, {name: single-request-reopen}]
        containers: [{name: app}]
        """), "10.96.0.10", "cluster.local", NODE);
    assertEquals(List.of("10.96.0.10", "8.8.8.8"), conf.nameservers());
    assertEquals(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example",
        "extra.example"), conf.searches());
    assertEquals(List.of("ndots:1", "single-request-reopen"), conf.options());
  }

  @Test
  void keepsAtMostThreeNameserversAndThirtyTwoSearchDomains() {
    StringBuilder searches = new StringBuilder();
    for (int i = 0; i < 40; i++) searches.append(i == 0 ? "" : ", ").append("d").append(i).append(".example");
    ResolvConf conf = PodDnsConfig.of(pod("dnsPolicy: None\ndnsConfig:\n  nameservers: [1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4]\n"
        + "  searches: [" + searches + "]\ncontainers: [{name: app}]"), "10.96.0.10", "cluster.local", NODE);
    assertEquals(List.of("1.1.1.1", "2.2.2.2", "3.3.3.3"), conf.nameservers());
    assertEquals(32, conf.searches().size());
  }

  @Test
  void readsTheNodesFileAsKubeletDoes() {
    ResolvConf conf = ResolvConf.parse("domain corp\nsearch a.example\n; comment\nsearch b.example. c.example\noptions ndots:1\noptions attempts:3\n");
    assertEquals(List.of("b.example", "c.example"), conf.searches());
    assertEquals(List.of("ndots:1", "attempts:3"), conf.options());
    assertEquals(List.of(), conf.nameservers());
  }
}
