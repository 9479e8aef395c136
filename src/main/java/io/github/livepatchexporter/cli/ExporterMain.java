package io.github.livepatchexporter.cli;

/** Entry point of `livepatch-exporter` (see bin/). */
public final class ExporterMain {
  private ExporterMain() {}

  public static void main(String[] args) {
    Launcher.launch(Tool.EXPORTER, args);
  }
}
