package io.github.livepatchexporter.cli;

/** The names this program answers to; each has its own set of commands. */
public enum Tool {
  KLP("klp"),
  KGR("kgr"),
  EXPORTER("livepatch-exporter");

  private final String command;

  Tool(String command) {
    this.command = command;
  }

  public String command() {
    return command;
  }
}
