package io.github.livepatchexporter.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        Zypper.parseSearch(xml));
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
