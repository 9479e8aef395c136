package io.github.livepatchexporter.cli;

/** The version from the jar's manifest, or {@code dev} when run from a build tree. */
final class BuildInfo {
  private BuildInfo() {}

  static String version() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
