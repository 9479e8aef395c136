package io.github.livepatchexporter.system;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** zypper on a root ({@code --root}, the {@code --path.rootfs} of our commands). */
public final class Zypper {
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final Commands commands;
  private final Path rootfs;

  public Zypper(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  /** A version of a package that a repository offers, or the installed one. */
  public record Edition(String name, String edition, String arch, boolean installed) {}

  /** Refreshes the repositories' metadata. */
  public void refresh() throws Commands.CommandException {
    Commands.Result r = commands.run(argv("refresh"), TIMEOUT);
    if (!r.ok()) {
      throw new Commands.CommandException("zypper refresh: " + r.lastLine());
    }
  }

  /** Every version of {@code name}: installed and available ({@code search -s --match-exact}). */
  public List<Edition> editions(String name) throws Commands.CommandException {
    List<String> a = argv("--xmlout", "--no-refresh", "search", "-s", "--match-exact", name);
    Commands.Result r = commands.run(a, TIMEOUT);
    // zypper exits 104 when nothing matches.
    if (r.exit() == 104) {
      return List.of();
    }
    if (!r.ok()) {
      throw new Commands.CommandException("zypper search: " + r.lastLine());
    }
    return parseSearch(r.stdout());
  }

  /** The command that installs exactly {@code name-edition.arch}, older than the installed one. */
  public List<String> downgradeCommand(Edition target) {
    return argv(
        "install", "--oldpackage", target.name() + "-" + target.edition() + "." + target.arch());
  }

  public Commands.Result run(List<String> argv) throws Commands.CommandException {
    return commands.run(argv, TIMEOUT);
  }

  static List<Edition> parseSearch(String xml) throws Commands.CommandException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList solvables =
          f.newDocumentBuilder()
              .parse(new InputSource(new StringReader(xml)))
              .getElementsByTagName("solvable");
      List<Edition> editions = new ArrayList<>();
      for (int i = 0; i < solvables.getLength(); i++) {
        Element e = (Element) solvables.item(i);
        if (!"package".equals(e.getAttribute("kind"))) {
          continue;
        }
        editions.add(
            new Edition(
                e.getAttribute("name"),
                e.getAttribute("edition"),
                e.getAttribute("arch"),
                e.getAttribute("status").equals("installed")));
      }
      return editions;
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new Commands.CommandException("zypper search: unreadable XML: " + e.getMessage());
    }
  }

  private List<String> argv(String... args) {
    List<String> a = new ArrayList<>(List.of("zypper"));
    if (!rootfs.toString().equals("/")) {
      a.add("--root");
      a.add(rootfs.toString());
    }
    a.add("--non-interactive");
    a.addAll(List.of(args));
    return a;
  }
}
