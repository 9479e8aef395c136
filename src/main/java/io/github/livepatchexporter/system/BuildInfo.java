package io.github.livepatchexporter.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * This build, as Prometheus' tools describe theirs: the version from the jar's manifest ({@code
 * dev} when run from a build tree), and the revision, branch, build user and date that {@code
 * scripts/build-info.sh} wrote at build time ({@code unknown} when it could not).
 */
public final class BuildInfo {
  private static Properties built;

  private BuildInfo() {}

  public static String version() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public static String revision() {
    return built("revision");
  }

  public static String branch() {
    return built("branch");
  }

  /** The Java runtime, as {@code goversion} names Go's: {@code java17.0.21}. */
  public static String javaVersion() {
    return "java" + System.getProperty("java.version", "");
  }

  /** {@code --version}, in the layout of node_exporter's and Prometheus'. */
  public static String versionText(String program) {
    return String.format(
        Locale.ROOT,
        "%s, version %s (branch: %s, revision: %s)%n"
            + "  build user:       %s%n"
            + "  build date:       %s%n"
            + "  java version:     %s (%s)%n"
            + "  platform:         %s/%s",
        program,
        version(),
        branch(),
        revision(),
        built("build.user"),
        built("build.date"),
        javaVersion(),
        System.getProperty("java.vm.name", ""),
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT),
        System.getProperty("os.arch", ""));
  }

  private static synchronized String built(String key) {
    if (built == null) {
      built = new Properties();
      try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
        if (in != null) {
          built.load(in);
        }
      } catch (IOException e) {
        // as if not built with the script
      }
    }
    return built.getProperty(key, "unknown");
  }
}
