package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.model.UpdateCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Repository files and cache timestamps (PackagesIT checks them against real zypper and dnf). */
class RepositoriesTest {
  @TempDir Path tmp;

  static Stream<Arguments> repoFiles() {
    return Stream.of(
        Arguments.of("empty", "", List.of()),
        Arguments.of(
            "as zypper addrepo writes it",
            "[local]\nname=local\nenabled=1\nautorefresh=0\nbaseurl=file:/srv/repo\ntype=rpm-md\n"
                + "keeppackages=0\n",
            List.of("local")),
        Arguments.of("disabled", "[a]\nenabled=0\n", List.of()),
        Arguments.of("enabled unless it says 0", "[a]\nbaseurl=x\n", List.of("a")),
        Arguments.of(
            "several sections, spaces, comments",
            "# SUSE\n[SLE-Updates]\nenabled = 1\n\n[ SLE-Debug ]\n;enabled=1\nenabled=0\n[x]\n",
            List.of("SLE-Updates", "x")),
        Arguments.of("a key before any section", "enabled=1\n[b]\n", List.of("b")),
        Arguments.of("an empty section name", "[]\nenabled=1\n", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repoFiles")
  void enabledAliases(String name, String file, List<String> expected) {
    assertEquals(expected, Repositories.enabledIds(file));
  }

  @Test
  void refreshTimeIsTheIndexFilesMtime() throws Exception {
    Path repos = Files.createDirectories(tmp.resolve("etc/zypp/repos.d"));
    Files.writeString(repos.resolve("b.repo"), "[updates]\nenabled=1\n[plain]\nenabled=1\n");
    Files.writeString(repos.resolve("a.repo"), "[never]\nenabled=1\n[../etc]\nenabled=1\n");
    Files.writeString(repos.resolve("c.repo.rpmsave"), "[ignored]\nenabled=1\n");
    Path repomd =
        Files.createDirectories(tmp.resolve("var/cache/zypp/raw/updates/repodata"))
            .resolve("repomd.xml");
    Files.writeString(repomd, "<repomd/>");
    Instant t = Instant.parse("2026-11-30T12:00:00Z");
    Files.setLastModifiedTime(repomd, FileTime.from(t));
    Path cookie =
        Files.createDirectories(tmp.resolve("var/cache/zypp/raw/plain")).resolve("cookie");
    Files.writeString(cookie, "x");
    Files.setLastModifiedTime(cookie, FileTime.from(t.plusSeconds(60)));
    assertEquals(
        List.of(
            new UpdateCheck.Repository("never", Optional.empty()),
            new UpdateCheck.Repository("../etc", Optional.empty()),
            new UpdateCheck.Repository("updates", Optional.of(t)),
            new UpdateCheck.Repository("plain", Optional.of(t.plusSeconds(60)))),
        Repositories.zypper(tmp));
  }

  @Test
  void dnfRefreshTimeIsTheNewestRepodataFile() throws Exception {
    Path repos = Files.createDirectories(tmp.resolve("etc/yum.repos.d"));
    Files.writeString(
        repos.resolve("redhat.repo"),
        "[rhel-9-baseos]\nenabled=1\n[rhel-9-debug]\nenabled=0\n[kpatch]\n[never]\n");
    Instant t = Instant.parse("2026-11-30T12:00:00Z");
    Path cache = tmp.resolve("var/cache/dnf");
    // dnf touches the primary file when it finds the metadata unchanged, not repomd.xml.
    Path baseos = Files.createDirectories(cache.resolve("rhel-9-baseos-0123456789abcdef/repodata"));
    Files.setLastModifiedTime(
        Files.writeString(baseos.resolve("repomd.xml"), "x"), FileTime.from(t));
    Files.setLastModifiedTime(
        Files.writeString(baseos.resolve("0a-primary.xml.gz"), "x"),
        FileTime.from(t.plusSeconds(60)));
    // Another repository whose id starts alike is not this one's.
    Path other = Files.createDirectories(cache.resolve("kpatch-source-0123456789abcdef/repodata"));
    Files.setLastModifiedTime(
        Files.writeString(other.resolve("repomd.xml"), "x"), FileTime.from(t));
    Path kpatch =
        Files.createDirectories(tmp.resolve("var/cache/libdnf5/kpatch-fedcba9876543210/repodata"));
    Files.setLastModifiedTime(
        Files.writeString(kpatch.resolve("repomd.xml"), "x"), FileTime.from(t.plusSeconds(5)));
    assertEquals(
        List.of(
            new UpdateCheck.Repository("rhel-9-baseos", Optional.of(t.plusSeconds(60))),
            new UpdateCheck.Repository("kpatch", Optional.of(t.plusSeconds(5))),
            new UpdateCheck.Repository("never", Optional.empty())),
        Repositories.dnf(tmp));
  }

  @Test
  void noConfiguration() {
    assertEquals(List.of(), Repositories.zypper(tmp));
    assertEquals(List.of(), Repositories.dnf(tmp));
  }
}
