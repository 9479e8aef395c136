package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Packages;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/package.sh and what it writes, checked by the distributions' own linters: rpmlint (with
 * packaging/rpm/rpmlint.toml) and lintian find no error. Installing them: {@link RpmPackagesIT},
 * {@link DebPackagesIT}.
 */
class DistributionPackagesIT {
  static final Path SCRIPT = Project.dir().resolve("scripts/package.sh");

  @TempDir Path tmp;

  @Test
  void rpmlintFindsNoError() throws Exception {
    String config = Project.dir().resolve("packaging/rpm/rpmlint.toml").toString();
    Command.Result r = lint("rpmlint", "-c", config, Packages.rpm(), Packages.klpRpm());
    assertTrue(r.out().contains(" 2 packages and 0 specfiles checked; 0 errors,"), r.both());
  }

  @Test
  void lintianFindsNoError() throws Exception {
    Command.Result r = lint("lintian", "--fail-on", "error", Packages.deb(), Packages.klpDeb());
    assertTrue(r.out().lines().noneMatch(l -> l.startsWith("E: ")), r.both());
  }

  /**
   * The linter (named as its Debian package) on two packages; it exits 0 unless it finds errors.
   */
  static Command.Result lint(String linter, String option, String value, Path a, Path b)
      throws Exception {
    Command.Result r =
        Command.run(
            List.of(
                Tools.find(linter, linter).toString(), option, value, a.toString(), b.toString()));
    assertEquals(0, r.exit(), r.both());
    return r;
  }

  @Test
  void aMissingJarIsOneLine() throws Exception {
    Path script = Files.createDirectories(tmp.resolve("scripts")).resolve("package.sh");
    Files.copy(SCRIPT, script, StandardCopyOption.COPY_ATTRIBUTES);
    Command.Result r = Command.run(List.of(script.toString()));
    assertEquals(
        new Command.Result(
            1,
            "",
            "package.sh: target/livepatch-exporter.jar not found: run 'mvn -B -ntp package"
                + " -DskipTests' first\n"),
        r);
  }

  @Test
  void aMissingToolIsOneLineNamingItsPackage() throws Exception {
    // A PATH with what the script runs before it looks for the tools, and no rpmbuild.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.copy(
        Tools.find("dirname", "coreutils"),
        bin.resolve("dirname"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Command.Result r =
        Command.run(
            List.of(Tools.find("sh", "dash").toString(), SCRIPT.toString()),
            Map.of("PATH", bin.toString()));
    assertEquals(
        new Command.Result(
            1,
            "",
            "package.sh: rpmbuild not found: install the Debian package rpm"
                + " (scripts/install-test-tools.sh does)\n"),
        r);
  }

  @Test
  void aBadReleaseIsOneLine() throws Exception {
    Command.Result r = Command.run(List.of(SCRIPT.toString()), Map.of("PACKAGE_RELEASE", "1-beta"));
    assertEquals(
        new Command.Result(
            1, "", "package.sh: PACKAGE_RELEASE: '1-beta' is not a release like 1 or 2.1\n"),
        r);
  }
}
