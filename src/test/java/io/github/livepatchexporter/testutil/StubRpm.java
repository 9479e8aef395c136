package io.github.livepatchexporter.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RPM built with the real rpmbuild, standing in for what a distribution's packages give a
 * root (a shell, a Java runtime, SUSE's klp): only what it is told to carry and provide.
 */
public final class StubRpm {
  private final String name;
  private final String version;
  private final List<String> provides = new ArrayList<>();
  private final Map<String, Path> copies = new LinkedHashMap<>();
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final List<String> charDevices = new ArrayList<>();

  public StubRpm(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public StubRpm provides(String capability) {
    provides.add(capability);
    return this;
  }

  /** {@code path} in the package is a copy of {@code source} on this machine, with its mode. */
  public StubRpm copy(String path, Path source) {
    copies.put(path, source);
    return this;
  }

  public StubRpm text(String path, String content) {
    texts.put(path, content);
    return this;
  }

  /** A character device, as {@code "/dev/null 1 3"}. */
  public StubRpm charDevice(String pathMajorMinor) {
    charDevices.add(pathMajorMinor);
    return this;
  }

  /** Builds {@code NAME-VERSION-1.noarch.rpm} in {@code out}, working in {@code work}. */
  public Path build(Path work, Path out) throws Exception {
    Path dir = Files.createDirectories(work.resolve("stub-" + name));
    StringBuilder install = new StringBuilder();
    StringBuilder files = new StringBuilder();
    for (Map.Entry<String, Path> c : copies.entrySet()) {
      install.append("install -D ").append(c.getValue()).append(" %{buildroot}");
      install.append(c.getKey()).append('\n');
      files.append(c.getKey()).append('\n');
    }
    int n = 0;
    for (Map.Entry<String, String> t : texts.entrySet()) {
      Path source = dir.resolve("text-" + n++);
      Files.writeString(source, t.getValue());
      install.append("install -Dm 0644 ").append(source).append(" %{buildroot}");
      install.append(t.getKey()).append('\n');
      files.append(t.getKey()).append('\n');
    }
    for (String d : charDevices) {
      String[] f = d.split(" ");
      install.append("mkdir -p %{buildroot}").append(Path.of(f[0]).getParent()).append('\n');
      files.append("%dev(c,").append(f[1]).append(',').append(f[2]).append(") ");
      files.append("%attr(0666,root,root) ").append(f[0]).append('\n');
    }
    StringBuilder spec =
        new StringBuilder()
            .append("Name: ")
            .append(name)
            .append("\nVersion: ")
            .append(version)
            .append("\nRelease: 1\nSummary: Stub ")
            .append(name)
            .append("\nLicense: Apache-2.0\nBuildArch: noarch\nAutoReqProv: no\n");
    for (String p : provides) {
      spec.append("Provides: ").append(p).append('\n');
    }
    spec.append("%description\nStub ").append(name).append(" for tests.\n");
    spec.append("%install\n").append(install).append("%files\n").append(files);
    Path specFile = dir.resolve(name + ".spec");
    Files.writeString(specFile, spec);
    Command.run(
            List.of(
                Tools.find("rpmbuild", "rpm").toString(),
                "-bb",
                "--quiet",
                "--define",
                "_topdir " + dir.resolve("top"),
                // Copies of this machine's binaries: no debug packages, no build-id links, no
                // strip.
                "--define",
                "_build_id_links none",
                "--define",
                "debug_package %{nil}",
                "--define",
                "__strip /bin/true",
                "--define",
                "_binaries_in_noarch_packages_terminate_build 0",
                "--define",
                "_binary_payload w1.gzdio",
                "--define",
                "_rpmdir " + out,
                "--define",
                "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
                specFile.toString()))
        .ok();
    return out.resolve(name + "-" + version + "-1.noarch.rpm");
  }
}
