package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.system.Commands;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of zypper's XML output, as zypper 1.14 prints it (PackagesIT runs the real one). */
class ZypperTest {
  @Test
  void searchResult() throws Exception {
    String xml =
        "<?xml version='1.0'?>\n<stream>\n<message type=\"info\">Loading repository data...</message>\n"
            + "<search-result version=\"0.0\">\n<solvable-list>\n"
            + "<solvable status=\"installed\" name=\"kernel-livepatch-x\" kind=\"package\" edition=\"2-1.1\" arch=\"x86_64\" repository=\"local\"/>\n"
            + "<solvable status=\"other-version\" name=\"kernel-livepatch-x\" kind=\"package\" edition=\"1-1.1\" arch=\"x86_64\" repository=\"local\"/>\n"
            + "<solvable status=\"not-installed\" name=\"kernel-livepatch-x\" kind=\"srcpackage\" edition=\"1-1.1\" arch=\"noarch\" repository=\"local\"/>\n"
            + "</solvable-list>\n</search-result>\n</stream>\n";
    assertEquals(
        List.of(
            new Zypper.Edition("kernel-livepatch-x", "2-1.1", "x86_64", true),
            new Zypper.Edition("kernel-livepatch-x", "1-1.1", "x86_64", false)),
        Zypper.parseSearch(xml).editions());
    assertEquals(List.of(), Zypper.parseSearch(xml).skipped());
  }

  @Test
  void skippedRepositories() throws Exception {
    // What zypper 1.14 prints as a user without root for a repository never refreshed (exit 106).
    String xml =
        "<?xml version='1.0'?>\n<stream>\n<message type=\"error\">Error building the cache:\n"
            + "[other|file:/srv/repo] Valid metadata not found at specified URL\n</message>\n"
            + "<message type=\"warning\">The metadata cache needs to be built for the &apos;other&apos;"
            + " repository. You can run &apos;zypper refresh&apos; as root to do this.</message>\n"
            + "<message type=\"warning\">Skipping repository &apos;other&apos; because of the above"
            + " error.</message>\n"
            + "<message type=\"warning\">Skipping repository &apos;SLE Updates&apos; because of the"
            + " above error.</message>\n"
            + "<search-result version=\"0.0\">\n<solvable-list>\n"
            + "<solvable status=\"not-installed\" name=\"foo\" kind=\"package\" edition=\"1-1\" arch=\"noarch\" repository=\"local\"/>\n"
            + "</solvable-list>\n</search-result>\n</stream>\n";
    Zypper.Search s = Zypper.parseSearch(xml);
    assertEquals(List.of("other", "SLE Updates"), s.skipped());
    assertEquals(1, s.editions().size());
    assertFalse(s.noRepositories());
  }

  @Test
  void noRepositories() throws Exception {
    String xml =
        "<?xml version='1.0'?>\n<stream>\n<message type=\"info\">Loading repository data...</message>\n"
            + "<message type=\"warning\">No repositories defined. Operating only with the installed"
            + " resolvables. Nothing can be installed.</message>\n"
            + "<message type=\"info\">No matching items found.</message>\n</stream>\n";
    assertTrue(Zypper.parseSearch(xml).noRepositories());
  }

  @Test
  void firstErrorIsOneLine() {
    String xml =
        "<?xml version='1.0'?>\n<stream>\n<message type=\"error\">Target initialization failed:\n"
            + "Rpm Exception\nRunning &apos;zypper refresh&apos; as root might resolve the problem.\n"
            + "</message>\n</stream>\n";
    assertEquals(
        "Target initialization failed: (exit status 4)",
        Zypper.firstError(
            new Commands.Result(4, xml, "error: cannot open Packages database in /x\n")));
    assertEquals(
        "System management is locked (exit status 7)",
        Zypper.firstError(new Commands.Result(7, "", "System management is locked\n")));
  }

  @Test
  void refusesDoctypes() {
    assertThrows(
        Commands.CommandException.class,
        () ->
            Zypper.parseSearch(
                "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><stream>&e;</stream>"));
  }
}
