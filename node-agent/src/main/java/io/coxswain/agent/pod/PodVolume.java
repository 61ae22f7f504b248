package io.coxswain.agent.pod;

import java.util.List;

/**
 * What to materialise for one of a pod's volumes, decided without touching the disk. Directory
 * names follow kubelet's plugin names ({@code kubernetes.io~configmap}) so a pod directory looks
 * familiar to anyone who has looked under /var/lib/kubelet/pods.
 */
public sealed interface PodVolume permits PodVolume.EmptyDir, PodVolume.HostPath, PodVolume.Files {
  String name();

  /**
   * Whether containers always see it read-only: kubelet mounts ConfigMap, Secret, downward API
   * and projected volumes read-only whatever the volumeMount says.
   */
  boolean readOnly();

  /** A new empty directory, kept for the pod's lifetime. {@code medium: Memory} is not a tmpfs here. */
  record EmptyDir(String name) implements PodVolume {
    @Override
    public boolean readOnly() {
      return false;
    }
  }

  /**
   * A path of the host, checked against {@code type} when set up.
   *
   * @param type the hostPath type ("" for no check, "DirectoryOrCreate", "Directory", "FileOrCreate",
   *     "File", "Socket", "CharDevice", "BlockDevice")
   */
  record HostPath(String name, String path, String type) implements PodVolume {
    @Override
    public boolean readOnly() {
      return false;
    }
  }

  /**
   * Files written with {@link VolumeWriter}: ConfigMap, Secret, downward API and projected volumes.
   *
   * @param plugin kubelet's directory for the volume type, e.g. "kubernetes.io~secret"
   */
  record Files(String name, String plugin, List<VolumeFile> files) implements PodVolume {
    public Files {
      files = List.copyOf(files);
    }

    @Override
    public boolean readOnly() {
      return true;
    }
  }
}
