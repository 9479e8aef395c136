package io.github.livepatchexporter.cli;

/** Entry point of `kgr` (see bin/). */
public final class KgrMain {
  private KgrMain() {}

  public static void main(String[] args) {
    Launcher.launch(Tool.KGR, args);
  }
}
