package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The launchers in {@code bin/} (klp, kgr, livepatch-exporter) run as a user runs them. */
public final class Bin {
  private Bin() {}

  public static Path dir() {
    return Project.dir().resolve("bin");
  }

  /** Fails unless {@code mvn package} has made the jar the launchers start. */
  public static void assertPackaged() {
    Path jar = Project.dir().resolve("target/livepatch-exporter.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " missing: run 'mvn verify', which packages first");
    }
  }

  /** {@code tool} with {@code args}, started through {@code prefix} (e.g. setpriv), to its end. */
  public static Command.Result run(List<String> prefix, String tool, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(dir().resolve(tool).toString());
    cmd.addAll(List.of(args));
    return Command.of(cmd).run();
  }

  public static Command.Result run(String tool, String... args)
      throws IOException, InterruptedException {
    return run(List.of(), tool, args);
  }

  /** {@code command} (a subcommand), the fixture's roots, then {@code args}. */
  public static String[] command(String command, Path root, String... args) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(Fixtures.on(root, args)));
    return a.toArray(String[]::new);
  }

  /** Whether the tests run as root, who can drop to nobody with setpriv. */
  public static boolean isRoot() throws IOException, InterruptedException {
    return Command.of("id", "-u").run().out().trim().equals("0");
  }

  /** The prefix that runs a command as nobody when the tests run as root; else none. */
  public static List<String> asNobody() throws IOException, InterruptedException {
    // util-linux's setpriv is part of every Debian system.
    return isRoot()
        ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
        : List.of();
  }
}
