package io.github.livepatchexporter.system;

import io.github.livepatchexporter.model.UpdateCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * zypper's repositories and how old their cached metadata is, read from its files without running
 * it: {@code /etc/zypp/repos.d/*.repo} (INI files, one section per repository alias, {@code
 * enabled=0|1}) and {@code /var/cache/zypp/raw/<alias>/}, whose index file libzypp touches at every
 * refresh, also when the metadata did not change: {@code repodata/repomd.xml} (rpm-md), {@code
 * content} (SUSE tags) or {@code cookie} (plain directories).
 */
public final class ZypperRepositories {
  static final List<String> INDEX_FILES = List.of("repodata/repomd.xml", "content", "cookie");

  private ZypperRepositories() {}

  /** The enabled repositories of the root, by alias, with when each was last refreshed. */
  public static List<UpdateCheck.Repository> read(Path rootfs) {
    Path dir = rootfs.resolve("etc/zypp/repos.d");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".repo")).sorted().toList();
    } catch (IOException e) {
      return List.of(); // no zypper configuration: no repositories
    }
    List<UpdateCheck.Repository> out = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue; // zypper cannot read it either, and skips it
      }
      for (String alias : enabledAliases(text)) {
        out.add(new UpdateCheck.Repository(alias, refreshed(rootfs, alias)));
      }
    }
    return out;
  }

  /** The aliases of the enabled sections of a {@code .repo} file; enabled unless it says 0. */
  static List<String> enabledAliases(String repoFile) {
    List<String> out = new ArrayList<>();
    String alias = null;
    boolean enabled = true;
    for (String raw : repoFile.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]") && line.length() > 2) {
        if (alias != null && enabled) {
          out.add(alias);
        }
        alias = line.substring(1, line.length() - 1).strip();
        enabled = true;
      } else if (alias != null && !line.startsWith("#") && !line.startsWith(";")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).strip().equals("enabled")) {
          enabled = !line.substring(eq + 1).strip().equals("0");
        }
      }
    }
    if (alias != null && enabled) {
      out.add(alias);
    }
    return out;
  }

  private static Optional<Instant> refreshed(Path rootfs, String alias) {
    if (alias.isEmpty() || alias.contains("/") || alias.equals("..") || alias.equals(".")) {
      return Optional.empty();
    }
    Path raw = rootfs.resolve("var/cache/zypp/raw").resolve(alias);
    for (String index : INDEX_FILES) {
      try {
        return Optional.of(Files.getLastModifiedTime(raw.resolve(index)).toInstant());
      } catch (IOException e) {
        // not this kind of repository, or never refreshed
      }
    }
    return Optional.empty();
  }
}
