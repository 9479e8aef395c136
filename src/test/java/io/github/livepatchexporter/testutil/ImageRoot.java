package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OCI image archive as a container runtime sees it: skopeo reads it and its configuration, umoci
 * unpacks its root, and commands run in that root as a pod runs them, without a container engine:
 * mount and PID namespaces of their own (unshare), the host trees bind-mounted read-only where the
 * DaemonSet mounts the host's, a read-only root with a memory /tmp, the image's environment and
 * nothing of this one, as nobody (chroot --userspec) without any capability. The host's network.
 */
public final class ImageRoot {
  /** What the mount namespace is given before the image's root becomes the process's root. */
  private static final String SANDBOX =
      """
      set -e
      root=$1 sys=$2 proc=$3 rootfs=$4 config=$5 config_at=$6
      shift 6
      mount --bind "$root" "$root"
      mount -o remount,bind,ro "$root"
      mount -t proc proc "$root/proc"
      mount --bind -o ro "$sys" "$root/host/sys"
      mount --bind -o ro "$proc" "$root/host/proc"
      mount --bind -o ro "$rootfs" "$root/host/root"
      mount --bind -o ro "$config" "$root$config_at"
      mount -t tmpfs -o mode=1777,size=16m tmpfs "$root/tmp"
      exec "$@"
      """;

  public final Path root;

  /** The image's configuration, as {@code skopeo inspect --config} prints its "config". */
  public final Map<String, Object> config;

  /**
   * What is mounted: a host's sys/, proc/ and root at /host/sys, /host/proc and /host/root, and
   * {@code config} (a directory) at {@code configAt}.
   */
  public record Mounts(Path sys, Path proc, Path rootfs, Path config, String configAt) {}

  private ImageRoot(Path root, Map<String, Object> config) {
    this.root = root;
    this.config = config;
  }

  /**
   * Copies {@code archive} to an OCI layout in {@code dir} with skopeo and unpacks it with umoci.
   */
  public static ImageRoot unpack(Path archive, Path dir) throws Exception {
    String skopeo = Tools.find("skopeo", "skopeo").toString();
    Path layout = dir.resolve("layout");
    Command.run(
            List.of(
                skopeo, "copy", "--quiet", "oci-archive:" + archive, "oci:" + layout + ":image"))
        .ok();
    Path bundle = dir.resolve("bundle");
    Command.run(
            List.of(
                Tools.find("umoci", "umoci").toString(),
                "unpack",
                "--image",
                layout + ":image",
                bundle.toString()))
        .ok();
    Command.Result inspect =
        Command.run(List.of(skopeo, "inspect", "--config", "oci-archive:" + archive));
    inspect.ok();
    return new ImageRoot(
        bundle.resolve("rootfs"),
        YamlTree.map(YamlTree.at(YamlTree.parse(inspect.out()), "config")));
  }

  /** The image's entrypoint. */
  public List<String> entrypoint() {
    return YamlTree.list(config.get("Entrypoint")).stream().map(String::valueOf).toList();
  }

  /**
   * The command line that runs {@code command} in the root with {@code env} added to the image's.
   */
  public List<String> command(Mounts m, Map<String, String> env, List<String> command) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.find("unshare", "util-linux").toString(),
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                Tools.find("sh", "dash").toString(),
                "-c",
                SANDBOX,
                "sh",
                root.toString(),
                m.sys().toString(),
                m.proc().toString(),
                m.rootfs().toString(),
                m.config().toString(),
                m.configAt(),
                Tools.find("env", "coreutils").toString(),
                "-i"));
    for (Object e : YamlTree.list(config.get("Env"))) {
      cmd.add(String.valueOf(e));
    }
    env.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.addAll(
        List.of(
            Tools.find("chroot", "coreutils").toString(),
            "--userspec=65534:65534",
            root.toString()));
    cmd.addAll(command);
    return cmd;
  }

  /** A server started in the root, its output in {@code log}. */
  public Server start(Mounts m, List<String> command, int port, Path log) throws IOException {
    return new Server(Command.of(command(m, Map.of(), command)).start(log), port);
  }

  /** A server running in the root. */
  public static final class Server implements AutoCloseable {
    private final Child child;
    private final Process process;
    public final String url;

    private Server(Child child, int port) {
      this.child = child;
      this.process = child.process;
      this.url = "http://127.0.0.1:" + port;
    }

    /** {@code path} once the server answers, within a minute. */
    public HttpResponse<String> get(String path) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError("exited " + process.exitValue() + ":\n" + log());
        }
        try {
          return new Http().get(url + path);
        } catch (IOException e) {
          Thread.sleep(200);
        }
      }
      throw new AssertionError("did not serve " + url + path + " within a minute:\n" + log());
    }

    /**
     * SIGTERM to the server, the first process of its PID namespace as in a pod (unshare blocks the
     * signal itself); its exit status.
     */
    public int stop() throws Exception {
      process.descendants().forEach(ProcessHandle::destroy);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("still running 30 s after SIGTERM:\n" + log());
      }
      return process.exitValue();
    }

    public String log() throws IOException {
      return child.log();
    }

    /**
     * Kills the server first: unshare's --kill-child does not reach it, since the kernel forgets a
     * parent-death signal when chroot --userspec changes the process's user.
     */
    @Override
    public void close() {
      child.close();
    }
  }
}
