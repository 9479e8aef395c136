package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.system.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code klp}, {@code kgr} or {@code livepatch-exporter} before its command. */
@Command(
    versionProvider = TopCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description =
        "Inspect kernel live patching: patches, transitions and the tasks that block them.")
final class TopCommand implements Callable<Integer> {
  @Mixin GlobalOptions options = new GlobalOptions();

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Spec CommandSpec spec;

  private final CliContext ctx;

  TopCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** No command given: a usage error, in the same two lines as any other. */
  @Override
  public Integer call() {
    ctx.err().println(ctx.tool().command() + ": missing command");
    ctx.err().println("Try '" + ctx.tool().command() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  /**
   * {@code --version}: the exporter's in the layout of Prometheus' tools (version, branch,
   * revision, build user and date, runtime, platform); klp's and kgr's on one line.
   */
  static final class Version implements IVersionProvider {
    @Spec CommandSpec spec;

    @Override
    public String[] getVersion() {
      String name = spec == null ? "" : spec.name();
      if (name.equals(Tool.EXPORTER.command())) {
        return BuildInfo.versionText(name).split("\n");
      }
      return new String[] {name + " (livepatch_exporter) " + BuildInfo.version()};
    }
  }
}
