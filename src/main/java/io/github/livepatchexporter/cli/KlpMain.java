package io.github.livepatchexporter.cli;

/** Entry point of `klp` (see bin/). */
public final class KlpMain {
  private KlpMain() {}

  public static void main(String[] args) {
    Launcher.launch(Tool.KLP, args);
  }
}
