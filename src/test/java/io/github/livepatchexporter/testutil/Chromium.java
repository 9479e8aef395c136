package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Chromium, headless: the DOM it builds from a page and a screenshot of it, each from a
 * fresh profile of its own, so nothing carries over between pages.
 */
public final class Chromium {
  /** The window a screenshot shows: a laptop's width, tall enough for a whole landing page. */
  public static final int WIDTH = 1280;

  public static final int HEIGHT = 1400;

  private final Path binary = Tools.find("chromium", "chromium");
  private final Path profiles;
  private int runs;

  /** Profiles go under {@code dir}. */
  public Chromium(Path dir) {
    this.profiles = dir;
  }

  /** The document as Chromium parsed it, serialized ({@code --dump-dom}). */
  public String dom(String url) throws IOException, InterruptedException {
    return run("--dump-dom", url).out();
  }

  /** A PNG of the page at {@link #WIDTH} x {@link #HEIGHT}, written to {@code png}. */
  public void screenshot(String url, Path png) throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    Command.Result r = run("--screenshot=" + png.toAbsolutePath(), url);
    if (!Files.isRegularFile(png)) {
      throw new AssertionError("chromium wrote no screenshot of " + url + "\n" + r.both());
    }
  }

  private Command.Result run(String... what) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(profiles.resolve("profile-" + runs++));
    List<String> args = new ArrayList<>();
    args.add(binary.toString());
    args.add("--headless");
    // The sandbox needs user namespaces or a setuid helper, which a build machine may not allow.
    args.add("--no-sandbox");
    args.add("--disable-gpu");
    args.add("--no-first-run");
    args.add("--hide-scrollbars");
    args.add("--user-data-dir=" + profile);
    args.add("--window-size=" + WIDTH + "," + HEIGHT);
    args.addAll(List.of(what));
    Command.Result r = Command.of(args).timeout(Duration.ofSeconds(60)).run();
    if (r.exit() != 0) {
      throw new AssertionError("chromium: exit " + r.exit() + "\n" + r.both());
    }
    return r;
  }
}
