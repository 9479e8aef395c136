package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** dnf 4.14's repoquery output, as Debian's dnf prints it (VendorLayoutsIT runs the real one). */
class DnfTest {
  @Test
  void editionsAndIgnoredRepositories() {
    PackageManager.Search s =
        Dnf.parse(
            "kpatch-patch-5_14_0-362_8_1\t1\t1.el9_3\tx86_64\n"
                + "kpatch-patch-5_14_0-362_8_1\t2\t1.el9_3\tx86_64\n",
            "Error: Cache-only enabled but no cache for 'other'\n"
                + "Ignoring repositories: other, rhel-9-appstream\n"
                + "Last metadata expiration check: 0:00:19 ago on Wed Dec  2 07:15:33 2026.\n",
            false);
    assertEquals(
        List.of(
            new PackageManager.Edition("kpatch-patch-5_14_0-362_8_1", "1-1.el9_3", "x86_64", false),
            new PackageManager.Edition(
                "kpatch-patch-5_14_0-362_8_1", "2-1.el9_3", "x86_64", false)),
        s.editions());
    assertEquals(List.of("other", "rhel-9-appstream"), s.skipped());
  }

  @Test
  void nothing() {
    PackageManager.Search s = Dnf.parse("", "", true);
    assertEquals(List.of(), s.editions());
    assertEquals(List.of(), s.skipped());
    assertEquals(true, s.noRepositories());
  }
}
