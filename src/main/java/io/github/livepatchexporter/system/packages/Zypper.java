package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.Commands;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** zypper on a root ({@code --root}, the {@code --path.rootfs} of our commands): SUSE. */
public final class Zypper implements PackageManager {
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final Commands commands;
  private final Path rootfs;

  public Zypper(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  @Override
  public String refreshCommand() {
    return "zypper refresh";
  }

  @Override
  public String name() {
    return "zypper";
  }

  @Override
  public List<UpdateCheck.Repository> repositories() {
    return Repositories.zypper(rootfs);
  }

  @Override
  public void refresh() throws Commands.CommandException {
    Commands.Result r = commands.run(argv("refresh"), TIMEOUT);
    if (!r.ok()) {
      throw new Commands.CommandException("zypper refresh: " + r.lastLine());
    }
  }

  /**
   * Every version of {@code name} that the cached metadata knows ({@code --no-refresh search -s
   * --match-exact}). Needs no root: zypper reads its cache, and only a refresh writes it.
   */
  @Override
  public Search search(String name) throws Commands.CommandException {
    List<String> a = argv("--xmlout", "--no-refresh", "search", "-s", "--match-exact", name);
    Commands.Result r = commands.run(a, TIMEOUT);
    // 104: nothing matches; 106: some repositories were skipped, the others were searched.
    if (r.exit() != 0 && r.exit() != 104 && r.exit() != 106) {
      throw new Commands.CommandException("zypper search: " + firstError(r));
    }
    return parseSearch(r.stdout());
  }

  @Override
  public List<String> downgradeCommand(Edition target) {
    return argv(
        "install", "--oldpackage", target.name() + "-" + target.edition() + "." + target.arch());
  }

  static final Pattern SKIPPED = Pattern.compile("Skipping repository '(.*)' because");

  static Search parseSearch(String xml) throws Commands.CommandException {
    Document doc = parse(xml);
    NodeList solvables = doc.getElementsByTagName("solvable");
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
    List<String> skipped = new ArrayList<>();
    boolean noRepositories = false;
    for (String warning : messages(doc, "warning")) {
      Matcher m = SKIPPED.matcher(warning);
      if (m.find()) {
        skipped.add(m.group(1));
      }
      noRepositories |= warning.startsWith("No repositories defined");
    }
    return new Search(editions, skipped, noRepositories);
  }

  /** The first line of zypper's first error message, else the last line it printed. */
  static String firstError(Commands.Result r) {
    try {
      List<String> errors = messages(parse(r.stdout()), "error");
      if (!errors.isEmpty()) {
        return errors.get(0).strip().lines().findFirst().orElse("").strip()
            + " (exit status "
            + r.exit()
            + ")";
      }
    } catch (Commands.CommandException e) {
      // not XML: zypper failed before it wrote any; its stderr says why
    }
    return r.lastLine() + " (exit status " + r.exit() + ")";
  }

  private static List<String> messages(Document doc, String type) {
    NodeList nodes = doc.getElementsByTagName("message");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (type.equals(e.getAttribute("type"))) {
        out.add(e.getTextContent());
      }
    }
    return out;
  }

  private static Document parse(String xml) throws Commands.CommandException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
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
