package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangelogTest {
  @Test
  void suseChangelog() {
    Changelog.Fixes f =
        Changelog.parse(
            "* Tue Aug 01 2023 lp@suse.com\n"
                + "- Fix for CVE-2023-1829 (bsc#1210619).\n"
                + "- Fix for CVE-2023-2156 and CVE-2023-1829\n"
                + "  (bsc#1211395).\n"
                + "- Fix a lockup in the scheduler (bsc#1212000 jsc#SLE-99).\n"
                + "\n"
                + "* Mon Jun 05 2023 lp@suse.com\n"
                + "- Fixes: 4b9d8e5e (\"net/sched: cls_u32: fix reference counter leak\")\n"
                + "- Initial live patch (bsc#1200000 boo#1100 bnc#900).\n");
    assertEquals(List.of("CVE-2023-1829", "CVE-2023-2156"), f.cves());
    assertEquals(
        List.of("bsc#1212000", "jsc#SLE-99", "bsc#1200000", "boo#1100", "bnc#900"), f.bugs());
  }

  @Test
  void redHatKpatchChangelog() {
    Changelog.Fixes f =
        Changelog.parse(
            "* Thu Feb 15 2024 Yannick Cote <ycote@redhat.com> [1-2.el9_3]\n"
                + "- kernel: use-after-free in netfilter nf_tables [RHEL-21403] {CVE-2024-1086}\n"
                + "- kernel: a fix without a CVE [RHEL-1] (bz#2250000)\n");
    assertEquals(List.of("CVE-2024-1086"), f.cves());
    assertEquals(List.of("bz#2250000"), f.bugs());
  }

  @Test
  void emptyAndNoise() {
    assertEquals(new Changelog.Fixes(List.of(), List.of()), Changelog.parse(""));
    assertEquals(
        new Changelog.Fixes(List.of(), List.of()),
        Changelog.parse("- CVE-20231-1 is not a CVE, nor is bsc#abc or xbsc#12\n"));
  }
}
